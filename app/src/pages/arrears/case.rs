//! One unit's case: what it owes line by line (and the late fee once the deadline notice is
//! out), its stage and contacts, and what the desk, the assignee and the supervisor do next.

use super::*;
use crate::form_send::send;
use steward_domain::arrears::record::Owed;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::{
    AdvanceArrearsStage, AssignArrears, RecordArrearsContact, RecordArrearsPayment,
};

fn line_text(i18n: I18nContext<Locale>, l: &Owed) -> String {
    format!(
        "{} {} · {} · {} {}",
        fee_text(i18n, l.fee_type),
        l.period,
        format_yuan(l.amount),
        t_string!(i18n, arrears.due),
        l.due
    )
}

#[component]
pub(super) fn CaseCard(
    id: String,
    c: ArrearsCase,
    pending: bool,
    roster: RwSignal<Vec<steward_domain::staff::StaffMember>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let me = crate::session::use_session().me;
    let role = me.get_untracked().map(|m| m.role);
    let supervises =
        role.is_some_and(|r| matches!(r, steward_domain::Role::Supervisor | steward_domain::Role::Manager));
    let error = RwSignal::new(None::<String>);
    let today = today();
    let late_fee = policy(engine).case_late_fee(&c, today);
    let next = c.stage.next();
    let advance_id = id.clone();
    let deadline = c.deadline;
    let advance = move |_| {
        let Some(to) = next else { return };
        let m = Mutation::AdvanceArrearsStage(AdvanceArrearsStage { id: advance_id.clone(), to });
        let sent = send(i18n, engine, m, error);
        // The deadline's refusal says its date, which this card knows.
        if let (false, Some(d)) = (sent, deadline)
            && error.get_untracked().as_deref()
                == Some(
                    crate::sync_text::rejection_text(
                        i18n,
                        Some(steward_domain::sync::RejectionCode::Conflict),
                        Some(steward_domain::field::Field::Deadline),
                    )
                    .as_str(),
                )
        {
            error.set(Some(t_string!(i18n, sync.why_deadline).replace("{date}", &d.to_string())));
        }
    };
    let owing: Vec<Owed> = c.lines.iter().filter(|l| l.amount > 0).cloned().collect();
    view! {
        <li class="card arrears-case" class:pending=pending data-unit=c.unit.clone()>
            <h2>{c.unit.clone()} " · " {format_yuan(c.owed())}
                {(late_fee > 0).then(|| view! { " + " <span class="late-fee">{t!(i18n, arrears.late_fee)} " " {format_yuan(late_fee)}</span> })}</h2>
            <p><span class="tag stage">{stage_text(i18n, c.stage)}</span>
                {c.deadline.map(|d| view! { " " {t!(i18n, arrears.deadline)} " " {d.to_string()} })}
                {c.assigned_name.clone().map(|n| view! { " · " {t!(i18n, arrears.assigned)} " " {n} })}
                {c.promise().map(|d| view! { " · " <span class="tag waiting">{t!(i18n, arrears.promise)} " " {d.to_string()}</span> })}</p>
            <ul class="arrears-lines">{owing.iter().map(|l| view! { <li>{line_text(i18n, l)}</li> }).collect_view()}</ul>
            {c.decision.clone().map(|d| view! { <p class="decision"><strong>{t!(i18n, arrears.decision)}</strong> " " {d}</p> })}
            <details class="arrears-contacts">
                <summary>{t!(i18n, arrears.contacts)} " (" {c.contacts.len()} ")"</summary>
                <ol>
                    {c.contacts.iter().map(|k| view! {
                        <li>{crate::ticket_text::short_time(&k.at)} " " {k.by_name.clone()} " · " {stage_text(i18n, k.stage)} " · "
                            {channel_text(i18n, k.channel)} {move || crate::language::colon(i18n)} {k.outcome.clone()}
                            {k.promise_by.map(|d| format!(" · {} {d}", t_string!(i18n, arrears.promise)))}</li>
                    }).collect_view()}
                    {c.payments.iter().map(|p| view! {
                        <li class="payment">{crate::ticket_text::short_time(&p.at)} " " {p.by_name.clone()} " · " {t!(i18n, arrears.paid)} " "
                            {fee_text(i18n, p.fee_type)} " " {p.period.clone()} " " {format_yuan(p.amount)} " · " {t!(i18n, arrears.receipt)} " " {p.receipt.clone()}</li>
                    }).collect_view()}
                    {c.imports.iter().map(|i| view! {
                        <li class="import">{crate::ticket_text::short_time(&i.at)} " · " {t!(i18n, arrears.import_said)} " " {format_yuan(i.total)} " (" {i.lines} ")"</li>
                    }).collect_view()}
                </ol>
            </details>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <ContactForm id=id.clone() error />
            {next.map(|to| view! {
                <button type="button" class="advance" on:click=advance>{t!(i18n, arrears.advance_to)} " " {stage_text(i18n, to)}</button>
            })}
            {c.stage.is_notice().then(|| view! { <a class="button print-notice" href=format!("/arrears/{id}/notice")>{t!(i18n, arrears.print_notice)}</a> })}
            {role.is_some_and(|r| r.runs_the_desk()).then(|| view! {
                <details class="case-action"><summary class="pay-open">{t!(i18n, arrears.record_payment)}</summary>
                    <PaymentForm id=id.clone() lines=owing.clone() error /></details>
            })}
            {supervises.then(|| view! {
                <details class="case-action"><summary class="assign-open">{t!(i18n, arrears.assign)}</summary>
                    <AssignForm id=id.clone() error roster /></details>
            })}
        </li>
    }
}

#[component]
fn ContactForm(id: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let channel = RwSignal::new("phone".to_string());
    let outcome = RwSignal::new(String::new());
    let promise = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let channel = serde_json::from_value(serde_json::Value::String(channel.get_untracked()))
            .unwrap_or(Channel::Phone);
        let promise_by = Some(promise.get_untracked()).filter(|p| !p.trim().is_empty());
        let m = Mutation::RecordArrearsContact(RecordArrearsContact {
            id: id.clone(),
            channel,
            outcome: outcome.get_untracked(),
            promise_by,
        });
        if send(i18n, engine, m, error) {
            outcome.set(String::new());
            promise.set(String::new());
        }
    };
    view! {
        <form class="contact-form" on:submit=submit novalidate>
            <label>{t!(i18n, arrears.channel)}
                <select class="contact-channel" on:change=move |ev| channel.set(event_target_value(&ev))>
                    {Channel::ALL.iter().map(|c| {
                        let wire = serde_json::to_value(c).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
                        let c = *c;
                        view! { <option value=wire>{move || channel_text(i18n, c)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, arrears.outcome)}<input class="contact-outcome" bind:value=outcome /></label>
            <label>{t!(i18n, arrears.promise_by)}<input class="contact-promise" type="date" bind:value=promise /></label>
            <button type="submit" class="contact-submit">{t!(i18n, arrears.record_contact)}</button>
        </form>
    }
}

#[component]
fn PaymentForm(id: String, lines: Vec<Owed>, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let choice = RwSignal::new(0usize);
    let amount = RwSignal::new(String::new());
    let receipt = RwSignal::new(String::new());
    let options = lines.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(line) = lines.get(choice.get_untracked()) else { return };
        let Some(fen) = steward_domain::money::parse_yuan(&amount.get_untracked()) else {
            error.set(Some(t_string!(i18n, sync.field_amount).to_string()));
            return;
        };
        let m = Mutation::RecordArrearsPayment(RecordArrearsPayment {
            id: id.clone(),
            fee_type: line.fee_type,
            period: line.period.clone(),
            amount: fen,
            receipt: receipt.get_untracked(),
        });
        if send(i18n, engine, m, error) {
            amount.set(String::new());
            receipt.set(String::new());
        }
    };
    (!options.is_empty()).then(|| view! {
        <form class="payment-form" on:submit=submit novalidate>
            <label>{t!(i18n, arrears.pay_line)}
                <select class="payment-line" on:change=move |ev| choice.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {options.iter().enumerate().map(|(n, l)| {
                        let l = l.clone();
                        view! { <option value=n.to_string()>{move || line_text(i18n, &l)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, arrears.amount)}<input class="payment-amount" inputmode="decimal" bind:value=amount /></label>
            <label>{t!(i18n, arrears.receipt)}<input class="payment-receipt" bind:value=receipt /></label>
            <button type="submit" class="payment-submit">{t!(i18n, arrears.record_payment)}</button>
        </form>
    })
}

#[component]
fn AssignForm(
    id: String,
    error: RwSignal<Option<String>>,
    roster: RwSignal<Vec<steward_domain::staff::StaffMember>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let chosen = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pick =
            roster.with_untracked(|r| r.iter().find(|m| m.id.to_string() == chosen.get_untracked()).cloned());
        let Some(m) = pick else {
            error.set(Some(t_string!(i18n, sync.field_assigned_to).to_string()));
            return;
        };
        send(
            i18n,
            engine,
            Mutation::AssignArrears(AssignArrears {
                id: id.clone(),
                user_id: m.id,
                assignee: m.display_name,
            }),
            error,
        );
    };
    view! {
        <form class="assign-form" on:submit=submit novalidate>
            <label>{t!(i18n, arrears.assign_to)}
                <select class="assign-who" on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, arrears.choose)}</option>
                    {move || roster.get().into_iter().map(|m| view! {
                        <option value=m.id.to_string()>{m.display_name.clone()} " · " {crate::layout::role_name(i18n, m.role)}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="assign-submit">{t!(i18n, arrears.assign)}</button>
        </form>
    }
}
