//! One decoration: its facts and documents, the permit with its QR code, the deposit
//! countdown, the next step the signed-in role may take, and its history.

use super::hot_work::HotWorkSection;
use super::status_text;
use crate::decorations;
use crate::i18n::*;
use crate::session::use_session;
use crate::sync::use_sync;
use crate::sync_text::refusal_text;
use crate::ticket_text::{short_time, yuan};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use steward_domain::decoration::calendar::Refund;
use steward_domain::decoration::documents::DocumentKind;
use steward_domain::decoration::lifecycle::{DecorationAction, DecorationStatus, Inspector, Offer, offers};
use steward_domain::decoration::record::DecorationStep;
use steward_domain::money::parse_yuan;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::ActOnDecoration;

pub(super) fn doc_name(i18n: leptos_i18n::I18nContext<Locale>, k: DocumentKind) -> &'static str {
    match k {
        DocumentKind::BusinessLicence => t_string!(i18n, decorations.docs.business_licence),
        DocumentKind::Qualification => t_string!(i18n, decorations.docs.qualification),
        DocumentKind::FloorPlan => t_string!(i18n, decorations.docs.floor_plan),
        DocumentKind::WallPlan => t_string!(i18n, decorations.docs.wall_plan),
        DocumentKind::PlumbingPlan => t_string!(i18n, decorations.docs.plumbing_plan),
        DocumentKind::ElectricalPlan => t_string!(i18n, decorations.docs.electrical_plan),
        DocumentKind::CeilingPlan => t_string!(i18n, decorations.docs.ceiling_plan),
        DocumentKind::WaterproofingPlan => t_string!(i18n, decorations.docs.waterproofing_plan),
    }
}

/// A history line in the user's words.
fn action_text(i18n: leptos_i18n::I18nContext<Locale>, a: &DecorationAction) -> String {
    match a {
        DecorationAction::Submit => t_string!(i18n, decorations.resubmit).to_string(),
        DecorationAction::Review { approve: true, .. } => t_string!(i18n, decorations.approve).to_string(),
        DecorationAction::Review { approve: false, reasons } => {
            format!("{}：{reasons}", t_string!(i18n, decorations.reject))
        }
        DecorationAction::IssuePermit { .. } => t_string!(i18n, decorations.issue_permit).to_string(),
        DecorationAction::BookAcceptance { date } => {
            format!("{} {date}", t_string!(i18n, decorations.book_acceptance))
        }
        DecorationAction::Inspect { inspector, passed, items } => {
            let who = match inspector {
                Inspector::CustomerService => t_string!(i18n, decorations.inspect_service),
                Inspector::Engineering => t_string!(i18n, decorations.inspect_engineering),
            };
            let verdict =
                if *passed { t_string!(i18n, decorations.passed) } else { t_string!(i18n, decorations.fail) };
            format!("{who}：{verdict} {items}")
        }
        DecorationAction::StopWork { reason } => {
            format!("{}：{reason}", t_string!(i18n, decorations.stop_work))
        }
        DecorationAction::ResumeWork => t_string!(i18n, decorations.resume_work).to_string(),
        DecorationAction::RefundDeposit { deducted, .. } => {
            format!("{} −{}", t_string!(i18n, decorations.refund), yuan(*deducted))
        }
    }
}

#[component]
pub fn DecorationDetail() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let session = use_session();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // Outside the redraw below: sync news never wipes what is being typed.
    let text = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let deposit = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let act = move |action: DecorationAction| match engine
        .mutate(Mutation::ActOnDecoration(ActOnDecoration { id: id(), action }))
    {
        Ok(()) => {
            text.set(String::new());
            amount.set(String::new());
            error.set(None);
        }
        Err(e) => error.set(Some(refusal_text(i18n, e))),
    };
    let money = move |s: RwSignal<String>| parse_yuan(&s.get_untracked());
    let bad_amount = move || error.set(Some(t_string!(i18n, errors.invalid).to_string()));
    let under_way = Signal::derive(move || {
        decorations::one(engine, &id()).is_some_and(|d| d.progress.status == DecorationStatus::UnderWay)
    });
    let main = move || {
        let Some(d) = decorations::one(engine, &id()) else {
            return view! { <section class="page"><p>{t!(i18n, decorations.none)}</p></section> }.into_any();
        };
        let role = session.me.get().map(|m| m.role);
        let offered = role.map(|r| offers(r, &d.progress)).unwrap_or_default();
        let permit_url = format!(
            "{}/decorations/{}",
            web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default(),
            id()
        );
        let calendar = crate::patrols::settings(engine).calendar;
        let refund = d.refund(&calendar, crate::clock::today()).map(|r| match r {
            Refund::Due { by, working_days_left } => t_string!(i18n, decorations.refund_due)
                .replace("{date}", &by.to_string())
                .replace("{days}", &working_days_left.to_string()),
            Refund::Overdue { by } => {
                t_string!(i18n, decorations.refund_late).replace("{date}", &by.to_string())
            }
        });
        let has_offers = !offered.is_empty();
        let buttons = offered.into_iter().map(|o| match o {
            Offer::Submit => view! { <button id="deco-resubmit" class="primary" on:click=move |_| act(DecorationAction::Submit)>{t!(i18n, decorations.resubmit)}</button> }.into_any(),
            Offer::Review => view! {
                <button id="deco-approve" class="primary" on:click=move |_| act(DecorationAction::Review { approve: true, reasons: text.get_untracked() })>{t!(i18n, decorations.approve)}</button>
                <button id="deco-reject" on:click=move |_| act(DecorationAction::Review { approve: false, reasons: text.get_untracked() })>{t!(i18n, decorations.reject)}</button>
            }.into_any(),
            Offer::IssuePermit => view! {
                <label>{t!(i18n, decorations.fees)}<input id="deco-fees" inputmode="decimal" bind:value=amount /></label>
                <label>{t!(i18n, decorations.deposit)}<input id="deco-deposit" inputmode="decimal" bind:value=deposit /></label>
                <button id="deco-permit" class="primary" on:click=move |_| match (money(amount), money(deposit)) {
                    (Some(fees), Some(deposit)) => act(DecorationAction::IssuePermit { fees, deposit }),
                    _ => bad_amount(),
                }>{t!(i18n, decorations.issue_permit)}</button>
            }.into_any(),
            Offer::BookAcceptance => view! {
                <label>{t!(i18n, decorations.acceptance_date)}<input id="deco-date" type="date" bind:value=date /></label>
                <button id="deco-book" on:click=move |_| act(DecorationAction::BookAcceptance { date: date.get_untracked() })>{t!(i18n, decorations.book_acceptance)}</button>
            }.into_any(),
            Offer::InspectService | Offer::InspectEngineering => {
                let inspector = if o == Offer::InspectService { Inspector::CustomerService } else { Inspector::Engineering };
                let label = if o == Offer::InspectService { t_string!(i18n, decorations.inspect_service) } else { t_string!(i18n, decorations.inspect_engineering) };
                view! {
                    <strong>{label}</strong>
                    <button class="primary deco-pass" on:click=move |_| act(DecorationAction::Inspect { inspector, passed: true, items: String::new() })>{t!(i18n, decorations.passed)}</button>
                    <button class="deco-fail" on:click=move |_| act(DecorationAction::Inspect { inspector, passed: false, items: text.get_untracked() })>{t!(i18n, decorations.failed)}</button>
                }.into_any()
            }
            Offer::StopWork => view! { <button id="deco-stop" on:click=move |_| act(DecorationAction::StopWork { reason: text.get_untracked() })>{t!(i18n, decorations.stop_work)}</button> }.into_any(),
            Offer::ResumeWork => view! { <button id="deco-resume" on:click=move |_| act(DecorationAction::ResumeWork)>{t!(i18n, decorations.resume_work)}</button> }.into_any(),
            Offer::RefundDeposit => view! {
                <label>{t!(i18n, decorations.deducted)}<input id="deco-deducted" inputmode="decimal" bind:value=amount /></label>
                <button id="deco-refund" class="primary" on:click=move |_| match money(amount) {
                    Some(deducted) => act(DecorationAction::RefundDeposit { deducted, note: text.get_untracked() }),
                    None => bad_amount(),
                }>{t!(i18n, decorations.refund)}</button>
            }.into_any(),
        }).collect_view();
        let permitted = d.progress.deposit > 0;
        view! {
            <section class="page" id="decoration">
                <div class="page-head">
                    <h1>{d.unit.clone()}</h1>
                    <span class="status big" id="deco-status">{status_text(i18n, d.progress.status)}</span>
                </div>
                {refund.map(|r| view! { <p class="sla running" id="deco-refund-due">{r}</p> })}
                <div class="ticket-grid">
                    <dl class="card facts">
                        <dt>{t!(i18n, decorations.owner)}</dt><dd>{d.owner.clone()}</dd>
                        <dt>{t!(i18n, decorations.contractor)}</dt><dd>{d.contractor.clone()}</dd>
                        <dt>{t!(i18n, decorations.workers)}</dt><dd>{d.workers.join(crate::language::list_sep(i18n))}</dd>
                        <dt>{t!(i18n, decorations.period)}</dt><dd>{d.planned_start.clone()} " – " {d.planned_end.clone()}</dd>
                        <dt>{t!(i18n, decorations.hours)}</dt><dd>{d.working_hours.clone()}</dd>
                        <dt>{t!(i18n, decorations.documents)}</dt>
                        <dd>{d.progress.documents.iter().map(|doc| view! { <span class="tag">{doc_name(i18n, doc.kind)} {if doc.received && doc.signed { " ✓" } else { " ✗" }}</span> " " }).collect_view()}</dd>
                        {permitted.then(|| view! { <dt>{t!(i18n, decorations.deposit)}</dt><dd>{yuan(d.progress.deposit)} {(d.deducted > 0).then(|| format!(" − {}", yuan(d.deducted)))}</dd> })}
                        {d.acceptance_date.clone().map(|a| view! { <dt>{t!(i18n, decorations.acceptance_date)}</dt><dd>{a}</dd> })}
                    </dl>
                    {permitted.then(|| view! {
                        <div class="card receipt" id="permit">
                            <h2>{t!(i18n, decorations.permit)}</h2>
                            <p class="receipt-number">{d.unit.clone()}</p>
                            <div class="qr" inner_html=crate::tickets::qr_svg(&permit_url)></div>
                            <p class="hint">{t!(i18n, decorations.scan_permit)}</p>
                            <button class="no-print" on:click=move |_| crate::layout::print_only("permit")>{t!(i18n, decorations.print_permit)}</button>
                        </div>
                    })}
                </div>
                {has_offers.then(|| view! {
                    <div class="card actions no-print" id="deco-actions">
                        <input id="deco-text" placeholder=move || t_string!(i18n, decorations.reasons) bind:value=text />
                        <div class="buttons">{buttons}</div>
                        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    </div>
                })}
            </section>
        }.into_any()
    };
    // Outside the redraw too: a hot-work application being typed survives sync news.
    let history = move || {
        decorations::one(engine, &id()).map(|d| {
            view! {
                <h2>{t!(i18n, decorations.history)}</h2>
                <ol class="log" id="deco-history">
                    {d.history.iter().rev().map(|h| {
                        let what = match &h.step {
                            DecorationStep::Applied => t_string!(i18n, decorations.steps_applied).to_string(),
                            DecorationStep::Acted(a) => action_text(i18n, a),
                            DecorationStep::NoticeEscalated { .. } => t_string!(i18n, decorations.steps_escalated).to_string(),
                        };
                        view! { <li><div class="log-meta"><strong>{what}</strong><span>{h.by_name.clone()}</span><time>{short_time(&h.at)}</time></div></li> }
                    }).collect_view()}
                </ol>
            }
        })
    };
    view! {
        {main}
        <HotWorkSection decoration_id=Signal::derive(id) under_way />
        {history}
    }
}
