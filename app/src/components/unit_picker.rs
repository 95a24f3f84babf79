//! The unit picker of the ticket intake and the decoration application: type a room number
//! or an owner's name, or go building → floor → unit; picking fills in the reporter and phone
//! from the unit's owner.

use crate::directory::use_directory;
use crate::i18n::*;
use leptos::prelude::*;
use steward_domain::directory::{self, DirectoryUnit};

/// Shown at once while typing; enough for "1502" across a dozen buildings.
const MATCHES: usize = 8;

#[component]
pub fn UnitPicker(
    unit: RwSignal<String>,
    reporter: RwSignal<String>,
    phone: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let units = use_directory();
    let query = RwSignal::new(String::new());
    let building = RwSignal::new(String::new());
    let floor = RwSignal::new(0u32);
    // What the last pick filled in: (unit, reporter, phone). Typing another unit takes that
    // owner away again, so a ticket is never saved under the previous unit's owner.
    let filled = StoredValue::new(None::<(String, String, String)>);
    let prefill = move |u: &DirectoryUnit| {
        building.set(u.building.clone());
        floor.set(u.floor);
        let (name, number) = match u.owners.first() {
            // A masked number is no use for calling back: leave the field to the desk.
            Some(owner) => {
                (owner.name.clone(), owner.phone.clone().filter(|p| !p.contains('*')).unwrap_or_default())
            }
            None => (String::new(), String::new()),
        };
        reporter.set(name.clone());
        phone.set(number.clone());
        filled.set_value(Some((u.unit.clone(), name, number)));
    };
    let pick = move |u: &DirectoryUnit| {
        unit.set(u.unit.clone());
        query.set(String::new());
        prefill(u);
    };
    Effect::new(move |_| {
        let typed = unit.get();
        let Some((picked, name, number)) = filled.get_value() else { return };
        if typed == picked {
            return;
        }
        match units.with_untracked(|all| all.iter().find(|u| u.unit == typed).cloned()) {
            Some(u) => prefill(&u),
            None if reporter.get_untracked() == name && phone.get_untracked() == number => {
                reporter.set(String::new());
                phone.set(String::new());
                filled.set_value(None);
            }
            None => filled.set_value(None),
        }
    });
    let matches = move || {
        units.with(|all| {
            directory::search(all, &query.get(), MATCHES).into_iter().cloned().collect::<Vec<_>>()
        })
    };
    let choose = move |value: String| {
        if let Some(u) = units.with_untracked(|all| all.iter().find(|u| u.unit == value).cloned()) {
            pick(&u);
        }
    };
    view! {
        <div class="unit-picker wide">
            <label>{t!(i18n, tickets.unit)}
                <input id="unit-search" type="search" autocomplete="off" placeholder=move || t_string!(i18n, tickets.unit_search) bind:value=query />
            </label>
            <div class="unit-matches" id="unit-matches">
                {move || matches().into_iter().map(|u| {
                    let owners = u.owners.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(crate::language::list_sep(i18n));
                    let label = u.unit.clone();
                    view! { <button type="button" class="chip" on:click=move |_| pick(&u)>{label} " " <small>{owners}</small></button> }
                }).collect_view()}
            </div>
            <Show when=move || units.with(|u| !u.is_empty()) fallback=move || view! { <p class="hint">{t!(i18n, tickets.directory_missing)}</p> }>
                <div class="cascade">
                    <select id="unit-building" aria-label=move || t_string!(i18n, tickets.building) on:change=move |ev| { building.set(event_target_value(&ev)); floor.set(0); }>
                        <option value="">{t!(i18n, tickets.building)}</option>
                        {move || units.with(|all| directory::buildings(all).into_iter().map(|b| {
                            let b = b.to_string();
                            let selected = building.get() == b;
                            view! { <option value=b.clone() selected=selected>{b.clone()}</option> }
                        }).collect_view())}
                    </select>
                    <select id="unit-floor" aria-label=move || t_string!(i18n, tickets.floor) on:change=move |ev| floor.set(event_target_value(&ev).parse().unwrap_or(0))>
                        <option value="0">{t!(i18n, tickets.floor)}</option>
                        {move || units.with(|all| directory::floors(all, &building.get()).into_iter().map(|f| {
                            view! { <option value=f.to_string() selected=floor.get() == f>{f} "F"</option> }
                        }).collect_view())}
                    </select>
                    <select id="unit-room" aria-label=move || t_string!(i18n, tickets.room) on:change=move |ev| choose(event_target_value(&ev))>
                        <option value="">{t!(i18n, tickets.room)}</option>
                        {move || units.with(|all| directory::on_floor(all, &building.get(), floor.get()).into_iter().map(|u| {
                            let owner = u.owners.first().map(|o| o.name.clone()).unwrap_or_default();
                            view! { <option value=u.unit.clone() selected=unit.get() == u.unit>{u.unit.clone()} " " {owner}</option> }
                        }).collect_view())}
                    </select>
                </div>
            </Show>
            <input id="ticket-unit" placeholder="3栋-1502" aria-label=move || t_string!(i18n, tickets.unit) bind:value=unit />
            <UnitOwners unit=unit />
        </div>
    }
}

/// The owners of the unit typed or picked, with their phones and emergency contacts: whom
/// the desk calls back, and whom when the owner cannot be reached.
#[component]
fn UnitOwners(unit: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let units = use_directory();
    let owners = move || {
        let typed = unit.get();
        units.with(|all| all.iter().find(|u| u.unit == typed).map(|u| u.owners.clone()).unwrap_or_default())
    };
    view! {
        <Show when=move || !owners().is_empty()>
            <ul class="unit-owners" id="unit-owners">
                {move || owners().into_iter().map(|o| {
                    let emergency = o.emergency_contact.clone().map(|name| {
                        let phone = o.emergency_phone.clone().unwrap_or_default();
                        view! { <span class="emergency">{t!(i18n, tickets.emergency_contact)} " " {name} " " {phone}</span> }
                    });
                    view! { <li><strong>{o.name.clone()}</strong> " " {o.phone.clone().unwrap_or_default()} {emergency}</li> }
                }).collect_view()}
            </ul>
        </Show>
    }
}
