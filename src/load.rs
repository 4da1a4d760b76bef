//! Loading, in the order that fails fast: configuration → plan → rules → daily data (plus the
//! hourly files the configuration names, turned into city-days) → one typed [`Loaded`] context.
//! No command line is needed: tests, benches and the commands all load through here.

use crate::error::{Failure, InputError};
use crate::input::config::{read_config, Config};
use crate::input::daily::load_dataset;
use crate::input::forecast::{read_forecast, Forecast};
use crate::input::plan::read_plan;
use crate::model::{Dataset, Plan};
use crate::stats::rules::RuleBook;
use crate::stats::summary::Settings;
use std::path::Path;

/// Everything a command works on: configuration, plan, rules and data.
pub struct Loaded {
    pub config: Config,
    pub plan: Plan,
    pub rules: RuleBook,
    pub data: Dataset,
    /// Forecasts for the daily sheet (empty without forecast files).
    pub forecasts: Vec<Forecast>,
    /// The county-level units and their data, when the configuration names them.
    pub counties: Option<CountySet>,
}

/// A second ranked set (the county-level units) with its own list and data.
pub struct CountySet {
    pub plan: Plan,
    pub data: Dataset,
    pub top: usize,
}

impl Loaded {
    /// The settings the statistics need.
    pub fn settings(&self) -> Settings<'_> {
        Settings {
            plan: &self.plan,
            rules: &self.rules,
            decimals: self.config.decimals,
            dust_deduct: self.config.dust_deduct,
        }
    }

    /// The settings of the county-level set (same rules and decimals).
    pub fn county_settings(&self) -> Option<(Settings<'_>, &Dataset, usize)> {
        self.counties.as_ref().map(|c| {
            (
                Settings {
                    plan: &c.plan,
                    rules: &self.rules,
                    decimals: self.config.decimals,
                    dust_deduct: self.config.dust_deduct,
                },
                &c.data,
                c.top,
            )
        })
    }

    /// The file to name when a problem concerns the data as a whole.
    pub fn first_data_file(&self) -> &Path {
        self.config
            .data_files
            .first()
            .map_or(self.config.path.as_path(), |p| p.as_path())
    }
}

/// Reads the configuration file and loads what it names.
pub fn load_file(config: &Path) -> Result<Loaded, Failure> {
    load(read_config(config)?)
}

/// Loads the plan, the rules and the data that a configuration names.
pub fn load(config: Config) -> Result<Loaded, Failure> {
    let plan = read_plan(&config.plan_file)?;
    let rules = RuleBook::bundled()?.force(&config.rule_set).map_err(|e| {
        let err = match &config.rule_set_at {
            Some(at) => InputError::at(&config.path, at.clone(), e.to_string()),
            None => InputError::file(&config.path, e.to_string()),
        };
        err.hint("[rules] set 可写 auto、hj633-2012 或 hj633-2026")
    })?;
    let mut data = load_dataset(&config.data_files, &plan)?;
    if !config.hourly_files.is_empty() {
        let im = crate::import::import(
            &config.hourly_files,
            config.station_list.as_ref(),
            Some(&plan),
            false,
        )?;
        crate::import::merge_into(&mut data, &plan, &im.result, &config.hourly_files[0])?;
    }
    mark_dust(&config, &plan, &mut data)?;
    let mut forecasts = Vec::new();
    for f in &config.forecast_files {
        forecasts.extend(read_forecast(f, &plan)?);
    }
    let counties = match &config.counties {
        Some(c) => {
            let mut cp = read_plan(&c.plan_file)?;
            cp.unit = c.unit.clone();
            let data = load_dataset(&c.data_files, &cp)?;
            Some(CountySet {
                plan: cp,
                data,
                top: c.top,
            })
        }
        None => None,
    };
    Ok(Loaded {
        config,
        plan,
        rules,
        data,
        forecasts,
        counties,
    })
}

/// Marks the city-days of the configured dust processes (`[[dust_events]]`). A city the plan
/// does not list is an error at the list, so a misspelt name never leaves a dust day counted.
fn mark_dust(config: &Config, plan: &Plan, data: &mut Dataset) -> Result<(), Failure> {
    for e in &config.dust_events {
        for name in &e.cities {
            let Some(i) = plan.city_index(name) else {
                return Err(InputError::at(
                    &config.path,
                    e.cities_at.clone(),
                    format!("沙尘过程所列城市“{name}”不在计划的城市名单中"),
                )
                .hint("请按计划附表中的城市名称填写 [[dust_events]] cities")
                .into());
            };
            for d in data.days[i]
                .iter_mut()
                .filter(|d| (e.start..=e.end).contains(&d.date))
            {
                d.dust = true;
            }
        }
    }
    Ok(())
}
