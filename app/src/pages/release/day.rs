//! 放行对账: the security manager's daily check of the slips issued on a day — released,
//! sent back, expired unused, still open — with the mismatches first: two gates that
//! released one slip offline, and slips sent back.

use super::*;
use steward_domain::release::reconcile::{DayLine, day_report};

#[component]
pub fn ReleaseDay() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let day = RwSignal::new(today().to_string());
    // The domain's reconciliation over what this device holds.
    let report = move || {
        let day: chrono::NaiveDate = day.get().parse().unwrap_or_else(|_| today());
        let slips: Vec<(String, ReleaseSlip)> =
            engine.typed::<ReleaseSlip>().into_iter().map(|(id, s, _)| (id, s)).collect();
        let (r, lines) = day_report(&slips, &checks_by_slip(engine), day, today());
        (r.issued, r.released, r.refused, r.expired_unused, lines)
    };
    view! {
        <section class="page" id="release-day">
            <h1>{t!(i18n, release.day_title)}</h1>
            <p class="intro">{t!(i18n, release.day_intro)}</p>
            <label>{t!(i18n, release.day)}<input id="release-day-date" type="date" bind:value=day /></label>
            {move || {
                let (issued, released, refused, expired, lines) = report();
                view! {
                    <p class="counts" id="release-counts">
                        {t!(i18n, release.issued_count)} " " <strong>{issued}</strong> " · "
                        {t!(i18n, release.released_count)} " " <strong>{released}</strong> " · "
                        {t!(i18n, release.refused_count)} " " <strong>{refused}</strong> " · "
                        {t!(i18n, release.expired_count)} " " <strong>{expired}</strong>
                    </p>
                    <ul class="cards" id="release-lines">
                        {lines.into_iter().map(|DayLine { line, slip_id: id, unit, goods, checks }| {
                            let what = format!("{unit} · {}", goods.iter().map(|i| format!("{}×{}", i.name, i.quantity)).collect::<Vec<_>>().join(crate::language::list_sep(i18n)));
                            let pending = pending_checks(engine);
                            let against: Vec<String> = checks.iter().filter_map(|c| c.against_rules.as_ref()).map(|v| super::gate::verdict_text(i18n, v, &checks)).collect();
                            view! {
                            <li class="card" data-line=format!("{line:?}") data-number=ReleaseSlip::number(&id)>
                                <p><span class=line_class(line)>{line_text(i18n, line)}</span> " "
                                    <strong>{ReleaseSlip::number(&id)}</strong> " · " {what}</p>
                                {(line == Line::AgainstRules).then(|| view! { <p class="error">{t!(i18n, release.against_rules_note)} " " <span class="against-rules">{against.join("；")}</span></p> })}
                                {(line == Line::Conflict).then(|| view! { <p class="error">{t!(i18n, release.conflict_note)}</p> })}
                                {(line == Line::Unmatched).then(|| view! { <p class="error">{t!(i18n, release.unmatched_note)}</p> })}
                                <ul class="gate-checks">{checks.iter().map(|c| view! { <li>{t!(i18n, release.by_gate)} " " {check_text(i18n, c, &pending)}</li> }).collect_view()}</ul>
                            </li>
                        }}).collect_view()}
                    </ul>
                }
            }}
        </section>
    }
}
