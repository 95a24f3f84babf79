//! A visitor's day pass read by the gate's scanner: the domain's verdict over this phone's
//! records (the desk's keys, the visit the pass opened if this phone has it, the unit's
//! do-not-admit list), with no network. A valid pass admits its visitor once: the visit is
//! registered under the pass's id, so the same phone refuses a second scan at once and the
//! server refuses another gate's.

use super::*;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::RegisterVisit;
use steward_domain::visit::day_pass::{DayPass, PassVerdict, SignedDayPass};

fn verdict_text(i18n: I18nContext<Locale>, v: &PassVerdict) -> String {
    match v {
        PassVerdict::Valid => t_string!(i18n, visitors.gate_valid).to_string(),
        PassVerdict::NotAPass => t_string!(i18n, visitors.gate_not_a_pass).to_string(),
        PassVerdict::Forged => t_string!(i18n, visitors.gate_forged).to_string(),
        PassVerdict::UnknownKey => t_string!(i18n, visitors.gate_unknown_key).to_string(),
        PassVerdict::RevokedKey => t_string!(i18n, visitors.gate_revoked).to_string(),
        PassVerdict::NotYet { day } => {
            t_string!(i18n, visitors.gate_not_yet).replace("{day}", &day.to_string())
        }
        PassVerdict::Expired { day } => {
            t_string!(i18n, visitors.gate_expired).replace("{day}", &day.to_string())
        }
        PassVerdict::Used { at, by_name } => {
            t_string!(i18n, visitors.gate_used).replace("{time}", &minute(at)).replace("{by}", by_name)
        }
        PassVerdict::Cancelled { reason, by_name } => {
            t_string!(i18n, visitors.gate_cancelled).replace("{reason}", reason).replace("{by}", by_name)
        }
        PassVerdict::Refused { code, field, .. } => t_string!(i18n, visitors.gate_refused)
            .replace("{why}", &crate::sync_text::rejection_text(i18n, Some(*code), *field)),
        PassVerdict::DoNotAdmit { reason, until } => t_string!(i18n, visitors.gate_blocked)
            .replace("{reason}", reason)
            .replace("{until}", &until.to_string()),
    }
}

#[component]
pub fn PassDecision(text: String, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let error = RwSignal::new(None::<String>);
    let admitted = RwSignal::new(false);
    // Judged once, as scanned: the guard's own entry must not turn it into "used".
    let (pass, verdict) = engine
        .read(|s| steward_domain::visit::rules::pass_at_gate(s, &text, crate::clock::today()).ok())
        .flatten()
        .unwrap_or((SignedDayPass::from_qr(&text).ok(), PassVerdict::NotAPass));
    let valid = verdict == PassVerdict::Valid;
    let line = verdict_text(i18n, &verdict);
    let record = pass.as_ref().and_then(|p| engine.one::<DayPass>(&p.code.pass_id));
    let admit = {
        let pass = pass.clone();
        let purpose = record
            .as_ref()
            .map(|r| r.purpose.clone())
            .unwrap_or_else(|| t_string!(i18n, visitors.day_pass_used).to_string());
        move |_| {
            let Some(p) = pass.clone() else { return };
            let m = Mutation::RegisterVisit(RegisterVisit {
                id: p.code.pass_id.clone(),
                visitor_name: p.code.visitor_name.clone(),
                unit: p.code.unit.clone(),
                purpose: purpose.clone(),
                pass: Some(p),
                ..Default::default()
            });
            if crate::form_send::send(i18n, engine, m, error) {
                admitted.set(true);
            }
        }
    };
    view! {
        <article class="card gate-result" id="pass-result" class:valid=valid class:refused=!valid data-verdict=format!("{verdict:?}")>
            <Show when=move || !admitted.get()>
                <p id="pass-verdict" class=if valid { "verdict ok" } else { "verdict error" }>{line.clone()}</p>
            </Show>
            {pass.map(|p| view! {
                <dl class="facts">
                    <dt>{t!(i18n, visitors.pass_visitor)}</dt><dd id="pass-visitor-name">{p.code.visitor_name.clone()}</dd>
                    <dt>{t!(i18n, visitors.pass_unit)}</dt><dd id="pass-visitor-unit">{p.code.unit.clone()}</dd>
                    <dt>{t!(i18n, visitors.pass_day)}</dt><dd>{p.code.day.to_string()}</dd>
                    {record.map(|r| view! {
                        <dt>{t!(i18n, visitors.pass_host)}</dt><dd>{r.host}</dd>
                        <dt>{t!(i18n, visitors.purpose)}</dt><dd>{r.purpose}</dd>
                    })}
                </dl>
            })}
            {move || admitted.get().then(|| view! { <p class="verdict ok" id="pass-done">{t!(i18n, visitors.gate_admitted)}</p> })}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <Show when=move || valid && !admitted.get()>
                <button type="button" class="primary" id="pass-admit" on:click=admit.clone()>{t!(i18n, visitors.gate_admit)}</button>
            </Show>
            <button type="button" class="link" id="gate-next" on:click=move |_| done.run(())>{t!(i18n, release.scan_next)}</button>
        </article>
    }
}
