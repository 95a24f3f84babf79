//! 放行对账: the security manager's daily check of the slips issued on a day — released,
//! sent back, expired unused, still open — with the mismatches first: two gates that
//! released one slip offline, and slips sent back.

use super::*;
use steward_domain::release::reconcile::{SlipDay, reconcile};

#[component]
pub fn ReleaseDay() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let day = RwSignal::new(today().to_string());
    let report = move || {
        let day: chrono::NaiveDate = day.get().parse().unwrap_or_else(|_| today());
        let slips: Vec<(String, ReleaseSlip)> =
            engine.typed::<ReleaseSlip>().into_iter().filter(|(_, s, _)| s.issued_at.local_day() == day).map(|(id, s, _)| (id, s)).collect();
        let checks = checks_by_slip(engine);
        let empty = Vec::new();
        let plains: Vec<Vec<GateCheck>> = slips.iter().map(|(id, _)| plain(checks.get(id).unwrap_or(&empty))).collect();
        let r = reconcile(slips.iter().zip(&plains).map(|((id, s), c)| SlipDay { slip_id: id, until: s.until, checks: c }), today());
        let lines: Vec<(Line, String, ReleaseSlip, Vec<GateRecord>)> = r
            .lines
            .iter()
            .filter_map(|(line, id)| {
                let slip = slips.iter().find(|(i, _)| i == id)?.1.clone();
                Some((*line, id.clone(), slip, checks.get(id).cloned().unwrap_or_default()))
            })
            .collect();
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
                        {lines.into_iter().map(|(line, id, slip, checks)| view! {
                            <li class="card" data-line=format!("{line:?}") data-number=ReleaseSlip::number(&id)>
                                <p><span class=line_class(line)>{line_text(i18n, line)}</span> " "
                                    <strong>{ReleaseSlip::number(&id)}</strong> " · " {slip.unit.clone()} " · " {goods_text(&slip)}</p>
                                {(line == Line::Conflict).then(|| view! { <p class="error">{t!(i18n, release.conflict_note)}</p> })}
                                <ul class="gate-checks">{checks.iter().map(|c| view! { <li>{t!(i18n, release.by_gate)} " " {check_text(i18n, c)}</li> }).collect_view()}</ul>
                            </li>
                        }).collect_view()}
                    </ul>
                }
            }}
        </section>
    }
}
