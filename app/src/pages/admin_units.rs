//! Buildings and units (admin): the register by building, and the CSV import.

use crate::api;
use crate::errors::failure_text;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use steward_domain::api::UnitView;
use steward_domain::property::UnitStatus;
use wasm_bindgen::JsCast;

fn status_text(i18n: I18nContext<Locale>, s: UnitStatus) -> &'static str {
    match s {
        UnitStatus::Occupied => t_string!(i18n, units.status_occupied),
        UnitStatus::Vacant => t_string!(i18n, units.status_vacant),
        UnitStatus::Decorating => t_string!(i18n, units.status_decorating),
    }
}

#[component]
pub fn AdminUnits() -> impl IntoView {
    let i18n = use_i18n();
    let buildings = LocalResource::new(api::buildings);
    let selected = RwSignal::new(None::<i64>);
    let units = LocalResource::new(move || {
        let id = selected.get();
        async move {
            match id {
                Some(id) => api::units(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let import_result = RwSignal::new(None::<Result<String, (String, Vec<String>)>>);

    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        spawn_local(async move {
            let Some(csv) = crate::csv_file::read_file(&input).await else { return };
            input.set_value("");
            let result = match api::import_units(csv).await {
                Ok(r) => {
                    buildings.refetch();
                    units.refetch();
                    let changes = if r.status_changes.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " · {}：{}",
                            t_string!(i18n, units.status_changed),
                            r.status_changes.join("；")
                        )
                    };
                    Ok(format!(
                        "{} · {} / {} / {}{changes}",
                        t_string!(i18n, units.imported),
                        r.buildings,
                        r.units,
                        r.owners
                    ))
                }
                Err(f) => Err((failure_text(i18n, &f), crate::csv_file::failure_rows(i18n, &f))),
            };
            import_result.set(Some(result));
        });
    };

    view! {
        <section class="page" id="admin-units">
            <h1>{t!(i18n, units.title)}</h1>
            <div class="card">
                <label class="file">
                    {t!(i18n, units.import)}
                    <input id="import-file" type="file" accept=".csv,text/csv" on:change=on_file />
                </label>
                <p class="hint">{t!(i18n, units.import_hint)}</p>
                {move || import_result.get().map(|r| match r {
                    Ok(text) => view! { <p class="success" role="status">{text}</p> }.into_any(),
                    Err((text, rows)) => view! {
                        <div class="error" role="alert">
                            <p>{text}</p>
                            <ul>{rows.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                        </div>
                    }.into_any(),
                })}
            </div>
            <div class="chips">
                {move || buildings.get().map(|r| match r {
                    Err(f) => view! { <p class="error">{failure_text(i18n, &f)}</p> }.into_any(),
                    Ok(list) => list
                        .into_iter()
                        .map(|b| {
                            let id = b.id;
                            view! {
                                <button class="chip" class:active=move || selected.get() == Some(id)
                                    aria-pressed=move || (selected.get() == Some(id)).to_string()
                                    on:click=move |_| selected.set(Some(id))>
                                    {b.name} <small>{b.units} {move || t_string!(i18n, units.count)}</small>
                                </button>
                            }
                        })
                        .collect_view()
                        .into_any(),
                })}
            </div>
            {move || units.get().map(|r| match r {
                Err(f) => view! { <p class="error">{failure_text(i18n, &f)}</p> }.into_any(),
                Ok(None) => ().into_any(),
                Ok(Some(list)) => view! { <UnitTable units=list /> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn UnitTable(units: Vec<UnitView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="list units">
            <thead>
                <tr>
                    <th>{t!(i18n, units.unit)}</th>
                    <th>{t!(i18n, units.floor)}</th>
                    <th>{t!(i18n, units.status)}</th>
                    <th>{t!(i18n, units.owners)}</th>
                </tr>
            </thead>
            <tbody>
                {units
                    .into_iter()
                    .map(|u| {
                        let owners = u
                            .owners
                            .iter()
                            .map(|o| format!("{} {}", o.name, o.phone_masked.clone().unwrap_or_default()))
                            .collect::<Vec<_>>()
                            .join("，");
                        let status = u.status;
                        view! {
                            <tr>
                                <td>{format!("{}-{}", u.building, u.number)}</td>
                                <td>{u.floor}</td>
                                <td><StatusPicker unit_id=u.id status /></td>
                                <td>{owners}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// A unit's status, changed in place: marking a unit 空置 puts it on the vacant-unit
/// patrol's register (装修中 follows the decoration's permit by itself).
#[component]
fn StatusPicker(unit_id: i64, status: UnitStatus) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(status);
    let failed = RwSignal::new(None::<String>);
    let change = move |ev: leptos::ev::Event| {
        let chosen = match event_target_value(&ev).as_str() {
            "vacant" => UnitStatus::Vacant,
            "decorating" => UnitStatus::Decorating,
            _ => UnitStatus::Occupied,
        };
        leptos::task::spawn_local(async move {
            match crate::api::set_unit_status(unit_id, chosen).await {
                Ok(done) => {
                    current.set(done.status);
                    failed.set(None);
                }
                Err(f) => failed.set(Some(failure_text(i18n, &f))),
            }
        });
    };
    view! {
        <select class=move || format!("status {}", current.get().as_str()) id=format!("unit-status-{unit_id}") on:change=change
            prop:value=move || current.get().as_str()>
            {[UnitStatus::Occupied, UnitStatus::Vacant, UnitStatus::Decorating].into_iter().map(|s| view! {
                <option value=s.as_str() selected=move || current.get() == s>{move || status_text(i18n, s)}</option>
            }).collect_view()}
        </select>
        {move || failed.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}
