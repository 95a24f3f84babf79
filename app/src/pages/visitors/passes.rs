//! 预约访客: on the owner's call the desk issues a visitor a pass for one day, its code signed
//! with this tablet's own key (the one release slips use), and prints it; the gate's phone
//! checks it with no network.

use super::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::IssueDayPass;
use steward_domain::visit::day_pass::{DayPass, DayPassCode};

#[component]
pub(super) fn IssuePass() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    // The passes are signed with this tablet's key, as the slips are.
    crate::device_key::register_when_ready(engine);
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let host = RwSignal::new(String::new());
    let purpose = RwSignal::new(String::new());
    let day = RwSignal::new(crate::clock::today().to_string());
    let companions = RwSignal::new(String::new());
    let plate = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(on) = day.get_untracked().parse() else {
            error.set(Some(t_string!(i18n, sync.field_day).to_string()));
            return;
        };
        let Some((key_id, secret)) = crate::device_key::current(engine) else {
            error.set(Some(t_string!(i18n, sync.field_device_key).to_string()));
            return;
        };
        let id = crate::clock::new_id();
        // Signed as the domain will store it: the unit in its label form, the name trimmed.
        let code = DayPassCode {
            pass_id: id.clone(),
            unit: steward_domain::property::canonical_unit(unit.get_untracked().trim()),
            visitor_name: name.get_untracked().trim().to_string(),
            day: on,
            key_id,
        }
        .sign(&secret);
        let m = Mutation::IssueDayPass(IssueDayPass {
            id: id.clone(),
            unit: unit.get_untracked(),
            visitor_name: name.get_untracked(),
            phone: Some(phone.get_untracked()).filter(|p| !p.trim().is_empty()),
            host: host.get_untracked(),
            purpose: purpose.get_untracked(),
            day: on,
            // Not a number: a figure the domain refuses with its own words.
            companions: match companions.get_untracked().trim() {
                "" => 0,
                n => n.parse().unwrap_or(u32::MAX),
            },
            plate: Some(plate.get_untracked()).filter(|p| !p.trim().is_empty()),
            code,
        });
        if crate::form_send::send(i18n, engine, m, error) {
            navigate(&format!("/visitors/pass/{id}"), Default::default());
        }
    };
    let upcoming = move || {
        let today = crate::clock::today();
        let mut all: Vec<_> =
            engine.typed::<DayPass>().into_iter().filter(|(_, p, _)| p.day >= today).collect();
        all.sort_by_key(|p| p.1.day);
        all
    };
    view! {
        <section class="card" id="visit-passes">
            <h2>{t!(i18n, visitors.passes_title)}</h2>
            <p class="hint">{t!(i18n, visitors.passes_intro)}</p>
            <form class="form-grid" id="pass-form" on:submit=submit novalidate>
                <label>{t!(i18n, visitors.name)}<input id="pass-name" bind:value=name /></label>
                <label>{t!(i18n, visitors.phone)}<input id="pass-phone" type="tel" bind:value=phone /></label>
                <label>{t!(i18n, visitors.pass_unit)}<input id="pass-unit" placeholder="3栋-1502" bind:value=unit /></label>
                <label>{t!(i18n, visitors.pass_host)}<input id="pass-host" bind:value=host /></label>
                <label>{t!(i18n, visitors.purpose)}<input id="pass-purpose" bind:value=purpose /></label>
                <label>{t!(i18n, visitors.pass_day)}<input id="pass-day" type="date" bind:value=day /></label>
                <label>{t!(i18n, visitors.companions)}<input id="pass-companions" inputmode="numeric" bind:value=companions /></label>
                <label>{t!(i18n, visitors.plate)}<input id="pass-plate" autocomplete="off" bind:value=plate /></label>
                <button type="submit" class="primary" id="pass-issue">{t!(i18n, visitors.pass_issue)}</button>
            </form>
            {move || error.get().map(|e| view! { <p class="error" id="pass-error" role="alert">{e}</p> })}
            <h3>{t!(i18n, visitors.passes_today)}</h3>
            <ul id="passes-list">
                {move || upcoming().into_iter().map(|(id, p, _)| {
                    let cancel_id = id.clone();
                    // On the owner's call: the visit is off (the gate turns the pass away).
                    let cancel = move |_| {
                        let Some(reason) = web_sys::window()
                            .and_then(|w| w.prompt_with_message(t_string!(i18n, visitors.pass_cancel_reason)).ok().flatten())
                            .filter(|r| !r.trim().is_empty())
                        else {
                            return;
                        };
                        let m = Mutation::CancelDayPass(steward_domain::sync::commands::CancelDayPass { id: cancel_id.clone(), reason });
                        crate::form_send::send(i18n, engine, m, error);
                    };
                    let cancelled = p.cancelled.clone();
                    view! {
                        <li class="pass" data-pass=id.clone()>{p.day.to_string()} " · " {p.visitor_name.clone()} " → " {p.unit.clone()} " "
                            <a href=format!("/visitors/pass/{id}")>{t!(i18n, visitors.pass_open)}</a> " "
                            {match cancelled {
                                Some(c) => view! { <span class="tag">{t!(i18n, visitors.pass_cancelled)} " · " {c.reason}</span> }.into_any(),
                                None => view! { <button type="button" class="refuse pass-cancel" on:click=cancel>{t!(i18n, visitors.pass_cancel)}</button> }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The pass as printed (or shown on the screen for the owner to photograph and send).
#[component]
pub fn PassPrint() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let params = use_params_map();
    let me = crate::session::use_session().me;
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let Some(p) = engine.one::<DayPass>(&id) else {
            return view! { <section class="page"><p>{t!(i18n, visitors.none)}</p></section> }.into_any();
        };
        let property = me.get().map(|m| m.property_name).unwrap_or_default();
        let text = p.code.qr_text();
        let qr = crate::tickets::qr_svg(&text);
        let issued = p
            .issued_at
            .utc()
            .with_timezone(&steward_domain::clock::property_zone())
            .format("%Y-%m-%d %H:%M")
            .to_string();
        view! {
            <section class="page printable notice-print pass-print" id="pass-print">
                <article class="pass-card">
                    <header>
                        <p class="notice-property">{property}</p>
                        <h1>{t!(i18n, visitors.pass_print_title)}</h1>
                    </header>
                    <div class="slip-body">
                        <div class="slip-qr pass-qr" inner_html=qr data-qr=text></div>
                        <dl class="facts">
                            <dt>{t!(i18n, visitors.pass_visitor)}</dt><dd id="pass-visitor">{p.visitor_name.clone()}</dd>
                            <dt>{t!(i18n, visitors.pass_unit)}</dt><dd>{p.unit.clone()}</dd>
                            <dt>{t!(i18n, visitors.pass_host)}</dt><dd>{p.host.clone()}</dd>
                            <dt>{t!(i18n, visitors.purpose)}</dt><dd>{p.purpose.clone()}</dd>
                            <dt>{t!(i18n, visitors.pass_day)}</dt><dd id="pass-valid">{p.day.to_string()}</dd>
                            {(p.companions > 0).then(|| view! { <dt>{t!(i18n, visitors.companions)}</dt><dd>{p.companions}</dd> })}
                            {p.plate.clone().map(|pl| view! { <dt>{t!(i18n, visitors.plate)}</dt><dd id="pass-plate-printed">{pl}</dd> })}
                            <dt>{t!(i18n, visitors.pass_issued_by)}</dt><dd>{p.issued_by_name.clone()} " · " {issued}</dd>
                        </dl>
                    </div>
                    <p class="slip-rules">{t!(i18n, visitors.pass_rules)}</p>
                </article>
                <button class="no-print primary" on:click=move |_| { let _ = web_sys::window().map(|w| w.print()); }>{t!(i18n, visitors.pass_print)}</button>
                <a class="no-print button" href="/visitors">{t!(i18n, visitors.back)}</a>
            </section>
        }
        .into_any()
    }
}
