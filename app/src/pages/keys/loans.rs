//! The loans not yet returned, their approvals and returns.

use super::*;
fn yes_no(i18n: I18nContext<Locale>, v: Option<bool>) -> &'static str {
    match v {
        Some(true) => t_string!(i18n, keys.yes),
        Some(false) => t_string!(i18n, keys.no),
        None => t_string!(i18n, keys.unanswered),
    }
}

fn role_text(i18n: I18nContext<Locale>, r: steward_domain::Role) -> &'static str {
    match r {
        steward_domain::Role::Supervisor => t_string!(i18n, keys.by_supervisor),
        _ => t_string!(i18n, keys.by_manager),
    }
}

/// Everything the desk wrote about a loan, as it was written (the number called masked).
#[component]
pub(super) fn LoanDetails(loan: KeyLoan) -> impl IntoView {
    let i18n = use_i18n();
    let l = loan;
    let b = &l.borrower;
    let id = b.id_type.map(|t| {
        let last4 = b.id_last4.clone().map(|d| format!("****{d}")).unwrap_or_default();
        move || format!("{} {last4}", id_text(i18n, t))
    });
    let kind = b.kind;
    view! {
        <dl class="loan-details">
            <dt>{t!(i18n, keys.borrower)}</dt><dd>{move || borrower_text(i18n, kind)} " " {b.name.clone()}</dd>
            {id.map(|id| view! { <dt>{t!(i18n, keys.id_type)}</dt><dd>{id}</dd> })}
            {b.letter.clone().map(|photo| view! {
                <dt>{t!(i18n, keys.letter)}</dt><dd class="loan-letter"><crate::photos::PhotoThumb photo /></dd>
            })}
            {b.pass.clone().map(|p| view! { <dt>{t!(i18n, keys.pass)}</dt><dd>{p}</dd> })}
            <dt>{t!(i18n, keys.purpose)}</dt><dd>{l.purpose.clone()}</dd>
            {l.serves.clone().map(|s| view! { <dt>{t!(i18n, keys.serves)}</dt><dd>{s}</dd> })}
            {l.consent.clone().map(|c| view! {
                <dt>{t!(i18n, keys.consent)}</dt>
                <dd class="consent">{steward_domain::phone::mask(&c.phone)} " · " {c.called_by} " · " {c.at.replace('T', " ")}</dd>
            })}
            {(!l.escorts.is_empty()).then(|| view! { <dt>{t!(i18n, keys.escorts)}</dt><dd>{l.escorts.join(crate::language::list_sep(i18n))}</dd> })}
            <dt>{t!(i18n, keys.count)}</dt><dd>{l.count}</dd>
            <dt>{t!(i18n, keys.lent_by)}</dt><dd>{l.lent_by_name.clone()} " " {short_time(&l.asked_at)}
                {l.out_at.clone().map(|t| view! { " → " {t!(i18n, keys.out_at)} " " {short_time(&t)} })}</dd>
            {(!l.approvals.is_empty()).then(|| view! {
                <dt>{t!(i18n, keys.approvals)}</dt>
                <dd>{let approvals = l.approvals.clone(); move || approvals.iter().map(|a| format!("{} {} {}", role_text(i18n, a.role), a.by_name, short_time(&a.at))).collect::<Vec<_>>().join("；")}</dd>
            })}
            {l.withdrawn.clone().map(|w| view! {
                <dt>{t!(i18n, keys.withdrawn)}</dt>
                <dd class="withdrawn">{w.reason} " · " {w.by_name} " " {short_time(&w.at)}</dd>
            })}
            {l.returned.clone().map(|r| view! {
                <dt>{t!(i18n, keys.returned)}</dt>
                <dd>{r.count} " · " {r.by_name} " " {short_time(&r.at)}
                    {(l.key_kind == KeyKind::Vacant).then(|| format!(" · {} {} · {} {}",
                        t_string!(i18n, keys.power_off), yes_no(i18n, r.power_off), t_string!(i18n, keys.windows_shut), yes_no(i18n, r.windows_shut)))}
                    {(!r.note.is_empty()).then(|| format!(" · {}", r.note))}</dd>
            })}
        </dl>
    }
}

/// Loans returned, newest first: the ledger the desk answers for.
#[component]
pub(super) fn LoanHistory() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let done = move || {
        // Returned and withdrawn, the latest first.
        let closed_at = |l: &KeyLoan| {
            l.returned.as_ref().map(|r| r.at.clone()).or_else(|| l.withdrawn.as_ref().map(|w| w.at.clone()))
        };
        let mut loans: Vec<_> =
            engine.typed::<KeyLoan>().into_iter().filter(|(_, l, _)| closed_at(l).is_some()).collect();
        loans.sort_by_key(|(_, l, _)| std::cmp::Reverse(closed_at(l)));
        loans.truncate(30);
        loans
    };
    view! {
        <details class="card" id="loan-history">
            <summary>{t!(i18n, keys.history)}</summary>
            <ul class="loans">
                {move || done().into_iter().map(|(_, l, _)| {
                    let (short, tag, label, unit) = (l.status == LoanStatus::ReturnedShort, l.tag.clone(), l.tag.clone(), l.unit.clone());
                    view! {
                        <li class="loan" class:short=short data-tag=tag>
                            <p><strong>{label}</strong> " · " {unit}</p>
                            <LoanDetails loan=l />
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
}

/// Loans not yet returned: overdue first, then those waiting for approvals.
#[component]
pub(super) fn OpenLoans() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let me = crate::session::use_session().me;
    let error = RwSignal::new(None::<String>);
    let open = move || {
        let now = crate::clock::now();
        let mut loans: Vec<_> = engine
            .typed::<KeyLoan>()
            .into_iter()
            .filter(|(_, l, _)| {
                matches!(status(l), LoanStatus::Out | LoanStatus::AwaitingApproval)
                    || !approvals_missing(l).is_empty()
            })
            .map(|(id, l, pending)| (is_overdue(&l, &now), id, l, pending))
            .collect();
        loans.sort_by(|a, b| (!a.0, &a.2.due_by).cmp(&(!b.0, &b.2.due_by)));
        loans
    };
    view! {
        <h2>{t!(i18n, keys.out)}</h2>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {move || open().is_empty().then(|| view! { <p class="hint" id="no-loans">{t!(i18n, keys.none_out)}</p> })}
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
                        <p class="hint">{t!(i18n, keys.due_by)} " " {short_time(&l.due_by)}</p>
                        <LoanDetails loan=l.clone() />
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
                        {(status(&l) == LoanStatus::AwaitingApproval && desk).then(|| view! { <WithdrawForm loan_id=id.clone() /> })}
                        {(out && desk && l.returned.is_none()).then(|| view! { <ReturnForm loan_id=id.clone() loan=l.clone() /> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// 撤回: a sealed key's request that will not be approved, with the reason.
#[component]
fn WithdrawForm(loan_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let m = Mutation::WithdrawKeyLoan(WithdrawKeyLoan {
            id: loan_id.clone(),
            reason: reason.get_untracked(),
        });
        send(i18n, engine, m, error);
    };
    view! {
        <form class="withdraw-form" on:submit=submit novalidate>
            <label>{t!(i18n, keys.withdraw_reason)}<input class="withdraw-reason" bind:value=reason /></label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button type="submit" class="withdraw-submit">{t!(i18n, keys.withdraw)}</button>
        </form>
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
