//! The slip as printed: two copies on one A4 sheet, each with the signed QR code the gate
//! scans. Copy 1 stays at the desk, copy 2 goes with the applicant and is kept at the gate.
//! Worded for the owner who signs it: what goes out, for which unit, the days it is good
//! for, the arrears check, and the rules of its use.

use super::*;
use crate::pages::keys::id_text;
use leptos_router::hooks::use_params_map;
use steward_domain::release::issue::Applicant;

pub(super) fn applicant_text(i18n: I18nContext<Locale>, a: &Applicant) -> String {
    let (open, sep, close) =
        if crate::ticket_text::english(i18n) { (" (", ", ", ")") } else { ("（", " · ", "）") };
    match a {
        Applicant::Owner { name } => format!("{name}{open}{}{close}", t_string!(i18n, release.owner_printed)),
        Applicant::Authorised { name, id_type, id_last4, .. } => {
            // The owner's letter, or the gate's copy (which holds no ID digits): the type alone.
            let id = if id_last4.is_empty() {
                id_text(i18n, *id_type).to_string()
            } else {
                format!("{} ****{id_last4}", id_text(i18n, *id_type))
            };
            format!("{name}{open}{}{sep}{id}{close}", t_string!(i18n, release.authorised_printed))
        }
    }
}

#[component]
pub fn SlipPrint() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let params = use_params_map();
    let me = crate::session::use_session().me;
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let pending = engine.record(steward_domain::sync::Kind::ReleaseSlip, &id).is_some_and(|r| r.pending);
        let Some(slip) = engine.one::<ReleaseSlip>(&id) else {
            return view! { <section class="page"><p>{t!(i18n, release.none)}</p></section> }.into_any();
        };
        let property = me.get().map(|m| m.property_name).unwrap_or_default();
        let qr = crate::tickets::qr_svg(&slip.pass.qr_text());
        let copy = |label: &'static str, n: u8| {
            let s = slip.clone();
            view! {
                <article class="slip-copy" data-copy=n>
                    <header>
                        <p class="notice-property">{property.clone()}</p>
                        <h1>{t!(i18n, release.slip_title)}</h1>
                        <p class="copy-label">{label}</p>
                    </header>
                    <div class="slip-body">
                        <div class="slip-qr" inner_html=qr.clone() data-qr=s.pass.qr_text()></div>
                        <dl class="facts">
                            <dt>{t!(i18n, release.number)}</dt><dd class="slip-number">{ReleaseSlip::number(&id)}</dd>
                            <dt>{t!(i18n, release.unit)}</dt><dd>{s.unit.clone()}</dd>
                            <dt>{t!(i18n, release.applicant)}</dt><dd>{applicant_text(i18n, &s.applicant)}</dd>
                            {s.plate.clone().map(|p| view! { <dt>{t!(i18n, release.plate_printed)}</dt><dd>{p}</dd> })}
                            <dt>{t!(i18n, release.valid)}</dt><dd class="slip-valid">{if s.from == s.until { s.from.to_string() } else { format!("{} – {}", s.from, s.until) }}</dd>
                            {s.decoration_id.clone().map(|d| {
                                let label = engine.one::<steward_domain::decoration::record::Decoration>(&d).map(|dec| format!("{} · {}", dec.unit, dec.contractor)).unwrap_or_default();
                                view! { <dt>{t!(i18n, release.decoration_printed)}</dt><dd class="slip-decoration">{label}</dd> }
                            })}
                            <dt>{t!(i18n, release.issued_by)}</dt><dd>{s.issued_by_name.clone()} " · " {super::property_time(&s.issued_at)}</dd>
                        </dl>
                    </div>
                    <table class="notice-lines slip-goods">
                        <thead><tr><th>"#"</th><th>{t!(i18n, release.item_name)}</th><th>{t!(i18n, release.quantity)}</th></tr></thead>
                        <tbody>{s.items.iter().enumerate().map(|(i, it)| view! { <tr><td>{i + 1}</td><td>{it.name.clone()}</td><td>{it.quantity}</td></tr> }).collect_view()}</tbody>
                    </table>
                    <p class="arrears-check">{match &s.arrears_override {
                        None if pending => format!("{}{}", t_string!(i18n, release.arrears_checked), t_string!(i18n, release.checked_on_device)),
                        None => t_string!(i18n, release.arrears_checked).to_string(),
                        // The reason is internal: copy 2 goes with the applicant to the gate.
                        Some(o) if n == 2 => t_string!(i18n, release.arrears_overridden_gate).replace("{by}", &o.by_name),
                        Some(o) => t_string!(i18n, release.arrears_overridden).replace("{by}", &o.by_name).replace("{reason}", &o.reason),
                    }}</p>
                    <p class="slip-rules">{t!(i18n, release.slip_rules)}</p>
                    <p class="signature">{t!(i18n, release.sign_applicant)} " ____________ " {t!(i18n, release.sign_desk)} " ____________"</p>
                    <p class="signature">{t!(i18n, release.sign_gate)} " ____________ " {t!(i18n, release.release_time)} " ____________"</p>
                </article>
            }
        };
        view! {
            <section class="page printable notice-print slip-print" id="slip-print">
                {copy(t_string!(i18n, release.copy1), 1)}
                {copy(t_string!(i18n, release.copy2), 2)}
                <button class="no-print primary" on:click=move |_| { let _ = web_sys::window().map(|w| w.print()); }>{t!(i18n, release.print)}</button>
                <a class="no-print button" href="/release">{t!(i18n, release.title)}</a>
            </section>
        }
        .into_any()
    }
}
