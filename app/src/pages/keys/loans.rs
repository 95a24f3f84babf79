//! The loans not yet returned, their approvals and returns.

use super::*;
/// Loans not yet returned: overdue first, then those waiting for approvals.
#[component]
pub(super) fn OpenLoans() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let me = crate::session::use_session().me;
    let error = RwSignal::new(None::<String>);
    let open = move || {
        let now = steward_domain::clock::Timestamp::from_utc(crate::tickets::now());
        let mut loans: Vec<_> = engine
            .typed::<KeyLoan>()
            .into_iter()
            .filter(|(_, l, _)| matches!(status(l), LoanStatus::Out | LoanStatus::AwaitingApproval) || !approvals_missing(l).is_empty())
            .map(|(id, l, pending)| (is_overdue(&l, &now), id, l, pending))
            .collect();
        loans.sort_by(|a, b| (!a.0, &a.2.due_by).cmp(&(!b.0, &b.2.due_by)));
        loans
    };
    view! {
        <h2>{t!(i18n, keys.out)}</h2>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <ul class="loans" id="key-loans">
            {move || open().into_iter().map(|(overdue, id, l, pending)| {
                let role = me.get_untracked().map(|m| m.role);
                let can_approve = role.is_some_and(|r| approvals_missing(&l).contains(&r));
                let approve_id = id.clone();
                let approve = move |_| {
                    send(i18n, engine, Mutation::ApproveKeyLoan(ApproveKeyLoan { id: approve_id.clone() }), error);
                };
                let out = status(&l) == LoanStatus::Out;
                let desk = role.is_some_and(|r| r.runs_the_desk());
                view! {
                    <li class="card loan" class:overdue=overdue class:pending=pending data-tag=l.tag.clone()>
                        <p>
                            <strong>{l.tag.clone()}</strong> " · " {l.unit.clone()} " · " {l.borrower.name.clone()}
                            " · " {l.purpose.clone()}
                        </p>
                        <p class="hint">
                            {t!(i18n, keys.due_by)} " " {short_time(&l.due_by)}
                            {l.consent.as_ref().map(|c| view! { " · " {t!(i18n, keys.consent)} " " {steward_domain::phone::mask(&c.phone)} " " {c.at.replace('T', " ")} })}
                        </p>
                        {overdue.then(|| view! { <span class="tag late">{t!(i18n, keys.overdue)}</span> })}
                        {(overdue && desk && l.incident.is_none()).then(|| {
                            let (key_id, loan_id) = (l.key_id.clone(), id.clone());
                            view! {
                                <button type="button" class="open-incident" on:click=move |_| {
                                    super::incidents::open_overdue(i18n, engine, key_id.clone(), loan_id.clone(), error)
                                }>{t!(i18n, keys.open_incident)}</button>
                            }
                        })}
                        {(!out).then(|| view! { <span class="tag waiting">{t!(i18n, keys.awaiting_approval)}</span> })}
                        {l.emergency.map(|e| view! { <span class="tag late">{emergency_text(i18n, e)}</span> })}
                        {(!approvals_missing(&l).is_empty() && out).then(|| view! { <span class="tag waiting">{t!(i18n, keys.approvals_after)}</span> })}
                        {can_approve.then(|| view! { <button type="button" class="approve" on:click=approve>{t!(i18n, keys.approve)}</button> })}
                        {(out && desk && l.returned.is_none()).then(|| view! { <ReturnForm loan_id=id.clone() loan=l.clone() /> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn ReturnForm(loan_id: String, loan: KeyLoan) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let count = RwSignal::new(loan.count.to_string());
    // Unanswered until chosen: a vacant unit's power and windows are looked at, not assumed.
    let power_off = RwSignal::new(String::new());
    let windows_shut = RwSignal::new(String::new());
    let answer = |s: RwSignal<String>| match s.get_untracked().as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let vacant = loan.key_kind == KeyKind::Vacant;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let returned: u32 = count.get_untracked().trim().parse().unwrap_or(0);
        let m = Mutation::ReturnKey(ReturnKey {
            id: loan_id.clone(),
            count: returned,
            power_off: vacant.then(|| answer(power_off)).flatten(),
            windows_shut: vacant.then(|| answer(windows_shut)).flatten(),
            note: note.get_untracked(),
            incident: (returned < loan.count).then(|| NewIncident { id: new_id(), log_id: new_id() }),
        });
        send(i18n, engine, m, error);
    };
    view! {
        <form class="return" on:submit=submit novalidate>
            <label>{t!(i18n, keys.returned_count)}<input class="return-count" type="number" min="0" bind:value=count /></label>
            {vacant.then(|| view! {
                <label>{t!(i18n, keys.power_off)}<select class="power-off" on:change=move |ev| power_off.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, keys.unanswered)}</option><option value="yes">{t!(i18n, keys.yes)}</option><option value="no">{t!(i18n, keys.no)}</option>
                </select></label>
                <label>{t!(i18n, keys.windows_shut)}<select class="windows-shut" on:change=move |ev| windows_shut.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, keys.unanswered)}</option><option value="yes">{t!(i18n, keys.yes)}</option><option value="no">{t!(i18n, keys.no)}</option>
                </select></label>
            })}
            <label>{t!(i18n, keys.return_note)}<input class="return-note" bind:value=note /></label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button type="submit" class="primary return-submit">{t!(i18n, keys.give_back)}</button>
        </form>
    }
}

