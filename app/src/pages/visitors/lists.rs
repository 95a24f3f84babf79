//! Who is waiting for their host's answer, who is inside (signed out here), and who left or
//! was turned away today — from this device's records, offline too.

use super::register::{AnswerFields, AnswerInputs};
use super::*;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{ConfirmVisit, RecordVisitExit};
use steward_domain::visit::{HostAnswer, VisitStatus};

fn facts(i18n: I18nContext<Locale>, v: &Visit, pending: bool) -> String {
    let mut parts = vec![format!("{} {}", t_string!(i18n, visitors.came_at), minute(&v.time_in))];
    if !v.purpose.is_empty() {
        parts.push(v.purpose.clone());
    }
    // Masked here as everywhere; the desk's device holds the number for calling.
    if let Some(p) = &v.phone {
        parts.push(steward_domain::phone::mask(p));
    }
    if let (Some(t), Some(l)) = (v.id_type, &v.id_last4) {
        parts.push(format!("{} ****{l}", super::super::keys::id_text(i18n, t)));
    }
    if let Some(c) = &v.confirmation {
        let how = match &c.answer {
            HostAnswer::Call { answered_by, phone, at } => {
                let minute = at.split('T').nth(1).unwrap_or_default();
                let called = steward_domain::phone::mask(phone);
                format!("{} {called} {answered_by} {minute}", t_string!(i18n, visitors.by_call))
            }
            HostAnswer::InPerson { name } => format!("{} {name}", t_string!(i18n, visitors.by_person)),
            HostAnswer::DayPass { .. } => t_string!(i18n, visitors.day_pass_used).to_string(),
            HostAnswer::Instruction { instructed_by } => {
                format!("{}（{instructed_by}）", t_string!(i18n, visitors.blocks_title))
            }
        };
        let what = if c.admitted {
            format!("{} {}", t_string!(i18n, visitors.admitted_at), minute(&c.at))
        } else {
            format!("{}{}{}", t_string!(i18n, visitors.refused), crate::language::colon(i18n), c.reason)
        };
        parts.push(format!("{how} · {what}"));
    }
    if let Some(out) = &v.time_out {
        parts.push(format!("{} {}", t_string!(i18n, visitors.left_at), minute(out)));
    }
    if v.at_gate {
        parts.push(t_string!(i18n, visitors.at_gate).to_string());
    }
    if pending {
        parts.push(t_string!(i18n, visitors.pending).to_string());
    }
    parts.join(" · ")
}

fn who(v: &Visit) -> String {
    let mut s = v.label();
    if !v.host.is_empty() {
        s.push_str(&format!("（{}）", v.host));
    }
    if v.companions > 0 {
        s.push_str(&format!(" +{}", v.companions));
    }
    if let Some(p) = &v.plate {
        s.push_str(&format!(" · {p}"));
    }
    s
}

#[component]
pub(super) fn VisitLists() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let error = RwSignal::new(None::<String>);
    let with_status = move |wanted: &'static [VisitStatus], today_only: bool| {
        let today = crate::clock::today();
        visits(engine)
            .into_iter()
            .filter(|(_, v, _)| wanted.contains(&v.status()))
            .filter(|(_, v, _)| !today_only || v.time_in.local_day() == today)
            .collect::<Vec<_>>()
    };
    let waiting = move || with_status(&[VisitStatus::WaitingForHost], false);
    let inside = move || with_status(&[VisitStatus::Inside], false);
    let done = move || with_status(&[VisitStatus::Left, VisitStatus::Refused], true);
    view! {
        <section class="card" id="visits-waiting">
            <h2>{t!(i18n, visitors.waiting)}</h2>
            <Show when=move || !waiting().is_empty() fallback=move || view! { <p class="hint">{t!(i18n, visitors.none)}</p> }>
                <ul>
                    <For each=waiting key=|(id, _, pending)| (id.clone(), *pending) children=move |(id, v, pending)| {
                        // The row's own error line: a missing number is said beside this visitor.
                        let error = RwSignal::new(None::<String>);
                        let phone = RwSignal::new(String::new());
                        let fields = AnswerFields::new(phone);
                        let answer = { let id = id.clone(); move |admitted: bool| {
                            let m = Mutation::ConfirmVisit(ConfirmVisit { id: id.clone(), answer: fields.answer(admitted) });
                            crate::form_send::send(i18n, engine, m, error);
                        }};
                        let out = { let id = id.clone(); move |_| {
                            crate::form_send::send(i18n, engine, Mutation::RecordVisitExit(RecordVisitExit { id: id.clone() }), error);
                        }};
                        let (admit, refuse) = (answer.clone(), answer);
                        view! {
                            <li class="visit" data-visitor=v.visitor_name.clone()>
                                <strong>{who(&v)}</strong> " " <small>{facts(i18n, &v, pending)}</small>
                                <AnswerInputs fields prefix=format!("waiting-{}", &id[id.len().saturating_sub(6)..]) show_phone=true />
                                <button type="button" class="primary confirm-admit" on:click=move |_| admit(true)>{t!(i18n, visitors.admit)}</button>
                                <button type="button" class="confirm-refuse" on:click=move |_| refuse(false)>{t!(i18n, visitors.refuse)}</button>
                                <button type="button" class="visit-exit" on:click=out>{t!(i18n, visitors.exit)}</button>
                                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                            </li>
                        }
                    } />
                </ul>
            </Show>
        </section>
        <section class="card" id="visits-inside">
            <h2>{t!(i18n, visitors.inside)}</h2>
            <Show when=move || !inside().is_empty() fallback=move || view! { <p class="hint">{t!(i18n, visitors.none)}</p> }>
                <ul>
                    <For each=inside key=|(id, _, pending)| (id.clone(), *pending) children=move |(id, v, pending)| {
                        let out = move |_| {
                            crate::form_send::send(i18n, engine, Mutation::RecordVisitExit(RecordVisitExit { id: id.clone() }), error);
                        };
                        view! {
                            <li class="visit" data-visitor=v.visitor_name.clone()>
                                <strong>{who(&v)}</strong> " " <small>{facts(i18n, &v, pending)}</small>
                                <button type="button" class="visit-exit" on:click=out>{t!(i18n, visitors.exit)}</button>
                            </li>
                        }
                    } />
                </ul>
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
        <section class="card" id="visits-done">
            <h2>{t!(i18n, visitors.done_today)}</h2>
            <ul>
                {move || done().into_iter().map(|(_, v, pending)| view! {
                    <li class="visit" data-visitor=v.visitor_name.clone() data-status=format!("{:?}", v.status())>
                        <strong>{who(&v)}</strong> " " <small>{facts(i18n, &v, pending)}</small>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
