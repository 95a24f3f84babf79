//! The registration form: the visitor, whom they visit, and the host's answer — recorded with
//! the visitor (admit or refuse) or later from the waiting list. The unit's do-not-admit list
//! is asked as the name and phone are typed, from this device's records, offline too. The
//! form keeps a draft.

use super::*;
use crate::components::unit_picker::UnitPicker;
use serde::{Deserialize, Serialize};
use steward_domain::keys::record::IdType;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{NewAnswer, RegisterVisit};
use steward_domain::visit::HostAnswer;

const DRAFT: &str = "visit";

#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
struct Draft {
    name: String,
    phone: String,
    id_type: String,
    id_last4: String,
    unit: String,
    host: String,
    host_phone: String,
    purpose: String,
    companions: String,
    plate: String,
}

fn id_type(value: &str) -> Option<IdType> {
    IdType::ALL.into_iter().find(|t| format!("{t:?}") == value)
}

/// How the host's answer was had: by phone (the number, who answered, the minute) or in
/// person at the desk.
#[derive(Clone, Copy)]
pub(super) struct AnswerFields {
    /// The minute the form was drawn: left as it is, the answer takes the minute it is sent.
    drawn: StoredValue<String>,
    pub by_call: RwSignal<bool>,
    pub phone: RwSignal<String>,
    pub answered_by: RwSignal<String>,
    pub at: RwSignal<String>,
    pub reason: RwSignal<String>,
}

impl AnswerFields {
    pub fn new(phone: RwSignal<String>) -> AnswerFields {
        let now = local_now_input();
        AnswerFields {
            drawn: StoredValue::new(now.clone()),
            by_call: RwSignal::new(true),
            phone,
            answered_by: RwSignal::new(String::new()),
            at: RwSignal::new(now),
            reason: RwSignal::new(String::new()),
        }
    }

    /// The minute typed, or now where the desk left the one the form was drawn with.
    fn minute(&self) -> String {
        let typed = self.at.get_untracked();
        if typed == self.drawn.get_value() { local_now_input() } else { typed }
    }

    pub fn answer(&self, admitted: bool) -> NewAnswer {
        let answer = if self.by_call.get_untracked() {
            HostAnswer::Call {
                phone: self.phone.get_untracked(),
                answered_by: self.answered_by.get_untracked(),
                at: self.minute(),
            }
        } else {
            HostAnswer::InPerson { name: self.answered_by.get_untracked() }
        };
        NewAnswer {
            answer,
            admitted,
            reason: if admitted { String::new() } else { self.reason.get_untracked() },
        }
    }
}

/// The answer's fields; `prefix` keeps the ids apart where several forms show them.
#[component]
pub(super) fn AnswerInputs(
    fields: AnswerFields,
    #[prop(into)] prefix: String,
    #[prop(default = false)] show_phone: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let f = fields;
    let id = |name: &str| format!("{prefix}-{name}");
    let (phone_id, at_id) = (id("host-phone"), id("answer-at"));
    view! {
        <fieldset class="answer">
            <legend>{t!(i18n, visitors.confirm_title)}</legend>
            <label class="inline"><input type="radio" name=id("by") id=id("by-call") prop:checked=move || f.by_call.get() on:change=move |_| f.by_call.set(true) />{t!(i18n, visitors.by_call)}</label>
            <label class="inline"><input type="radio" name=id("by") id=id("by-person") prop:checked=move || !f.by_call.get() on:change=move |_| f.by_call.set(false) />{t!(i18n, visitors.by_person)}</label>
            <Show when=move || f.by_call.get() && show_phone>
                <label>{t!(i18n, visitors.host_phone)}<input id=phone_id.clone() type="tel" bind:value=f.phone /></label>
            </Show>
            <label>{t!(i18n, visitors.answered_by)}<input id=id("answered-by") bind:value=f.answered_by /></label>
            <Show when=move || f.by_call.get()>
                <label>{t!(i18n, visitors.answer_at)}<input id=at_id.clone() type="datetime-local" bind:value=f.at /></label>
            </Show>
            <label>{t!(i18n, visitors.refuse_reason)}<input id=id("refuse-reason") bind:value=f.reason /></label>
        </fieldset>
    }
}

#[component]
pub(super) fn RegisterForm() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let d: Draft = crate::drafts::load(DRAFT).unwrap_or_default();
    let restored = RwSignal::new(d != Draft::default());
    let name = RwSignal::new(d.name);
    let phone = RwSignal::new(d.phone);
    let id_kind = RwSignal::new(d.id_type);
    let id_last4 = RwSignal::new(d.id_last4);
    let unit = RwSignal::new(d.unit);
    let host = RwSignal::new(d.host);
    let host_phone = RwSignal::new(d.host_phone);
    let purpose = RwSignal::new(d.purpose);
    let companions = RwSignal::new(d.companions);
    let plate = RwSignal::new(d.plate);
    let answer = AnswerFields::new(host_phone);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let draft = move || Draft {
        name: name.get(),
        phone: phone.get(),
        id_type: id_kind.get(),
        id_last4: id_last4.get(),
        unit: unit.get(),
        host: host.get(),
        host_phone: host_phone.get(),
        purpose: purpose.get(),
        companions: companions.get(),
        plate: plate.get(),
    };
    Effect::new(move |_| {
        let now = draft();
        crate::drafts::keep_or_drop(DRAFT, &now, now == Draft::default());
    });
    let id_required = move || {
        engine
            .read(|s| steward_domain::settings::current(s).map(|s| s.visitors.id_required).unwrap_or(false))
            .unwrap_or(false)
    };
    // The domain's own check over this device's records, as the desk types.
    let blocked = move || {
        let (u, n, p) = (unit.get(), name.get(), phone.get());
        if u.trim().is_empty() || (n.trim().is_empty() && p.trim().is_empty()) {
            return None;
        }
        engine
            .read(|s| {
                steward_domain::visit::rules::do_not_admit(s, &u, &n, &p, crate::clock::today())
                    .ok()
                    .flatten()
            })
            .flatten()
    };
    let clear = move || {
        for s in [
            name,
            phone,
            id_kind,
            id_last4,
            unit,
            host,
            host_phone,
            purpose,
            companions,
            plate,
            answer.answered_by,
            answer.reason,
        ] {
            s.set(String::new());
        }
        let now = local_now_input();
        answer.drawn.set_value(now.clone());
        answer.at.set(now);
        restored.set(false);
    };
    let send = move |decision: Option<bool>| {
        done.set(None);
        let companions = match companions.get_untracked().trim() {
            "" => 0,
            n => match n.parse() {
                Ok(n) => n,
                Err(_) => {
                    error.set(Some(t_string!(i18n, sync.field_companions).to_string()));
                    return;
                }
            },
        };
        let some = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        let visitor = name.get_untracked();
        let m = Mutation::RegisterVisit(RegisterVisit {
            id: crate::clock::new_id(),
            visitor_name: visitor.clone(),
            unit: unit.get_untracked(),
            purpose: purpose.get_untracked(),
            phone: some(phone),
            id_type: id_type(&id_kind.get_untracked()),
            id_last4: some(id_last4),
            host: host.get_untracked(),
            companions,
            plate: some(plate),
            answer: decision.map(|admitted| answer.answer(admitted)),
            pass: None,
        });
        if crate::form_send::send(i18n, engine, m, error) {
            done.set(Some(visitor));
            clear();
            crate::drafts::discard(DRAFT);
        }
    };
    view! {
        <section class="card" id="visit-register">
            <h2>{t!(i18n, visitors.register)}</h2>
            <Show when=move || restored.get() || draft() != Draft::default()>
                <crate::drafts::DraftNote restored on_discard=Callback::new(move |_| clear()) />
            </Show>
            <form class="form-grid" id="visit-form" on:submit=move |ev| { ev.prevent_default(); send(None); } novalidate>
                <label>{t!(i18n, visitors.name)}<input id="visit-name" autocomplete="off" bind:value=name /></label>
                <label>{t!(i18n, visitors.phone)}<input id="visit-phone" type="tel" autocomplete="off" bind:value=phone /></label>
                <label>{t!(i18n, visitors.id_type)}
                    <select id="visit-id-type" on:change=move |ev| id_kind.set(event_target_value(&ev))>
                        <option value="" selected=move || id_kind.get().is_empty()>{t!(i18n, visitors.id_none)}</option>
                        {IdType::ALL.into_iter().filter(|t| *t != IdType::OwnersLetter).map(|t| {
                            let value = format!("{t:?}");
                            let selected = { let value = value.clone(); move || id_kind.get() == value };
                            view! { <option value=value selected=selected>{super::super::keys::id_text(i18n, t)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>{t!(i18n, visitors.id_last4)}<input id="visit-id-last4" maxlength="4" autocomplete="off" bind:value=id_last4 /></label>
                {move || id_required().then(|| view! { <p class="hint wide" id="visit-id-required">{t!(i18n, visitors.id_required)}</p> })}
                <UnitPicker unit reporter=host phone=host_phone />
                <label>{t!(i18n, visitors.host)}<input id="visit-host" bind:value=host /></label>
                <label>{t!(i18n, visitors.purpose)}<input id="visit-purpose" bind:value=purpose /></label>
                <label>{t!(i18n, visitors.companions)}<input id="visit-companions" inputmode="numeric" bind:value=companions /></label>
                <label>{t!(i18n, visitors.plate)}<input id="visit-plate" autocomplete="off" bind:value=plate /></label>
                {move || blocked().map(|(b, m)| view! {
                    <p class="error wide" id="visit-blocked" role="alert">{t_string!(i18n, visitors.blocked)
                        .replace("{unit}", &b.unit)
                        .replace("{matched}", matched_text(i18n, m))
                        .replace("{reason}", &b.reason)
                        .replace("{until}", &b.until.to_string())}</p>
                })}
                <div class="wide">
                    <AnswerInputs fields=answer prefix="visit" show_phone=true />
                </div>
                <div class="row wide">
                    <button type="button" class="primary" id="visit-admit" prop:disabled=move || blocked().is_some() on:click=move |_| send(Some(true))>{t!(i18n, visitors.admit)}</button>
                    <button type="button" id="visit-refuse" on:click=move |_| send(Some(false))>{t!(i18n, visitors.refuse)}</button>
                    <button type="submit" id="visit-wait" prop:disabled=move || blocked().is_some()>{t!(i18n, visitors.wait)}</button>
                </div>
            </form>
            {move || error.get().map(|e| view! { <p class="error" id="visit-error" role="alert">{e}</p> })}
            {move || done.get().map(|n| view! { <p class="hint" id="visit-done">{n} " ✓"</p> })}
        </section>
    }
}
