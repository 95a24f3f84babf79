//! 我参与的钥匙借用: on a patrol or engineering phone, the key loans its officer takes part
//! in (the server sends them no others) — what they hold, for which unit, back by when.

use super::*;

#[component]
pub fn MyKeyLoans() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let open = move || {
        let mut loans: Vec<KeyLoan> = engine
            .typed::<KeyLoan>()
            .into_iter()
            .map(|(_, l, _)| l)
            .filter(|l| matches!(status(l), LoanStatus::Out | LoanStatus::AwaitingApproval))
            .collect();
        loans.sort_by(|a, b| a.due_by.cmp(&b.due_by));
        loans
    };
    move || {
        let loans = open();
        let now = crate::clock::now();
        (!loans.is_empty()).then(|| view! {
            <section class="card" id="my-key-loans">
                <h2>{t!(i18n, keys.mine_title)}</h2>
                <ul>
                    {loans.into_iter().map(|l| {
                        let overdue = is_overdue(&l, &now);
                        view! {
                            <li data-tag=l.tag.clone()>
                                <strong>{l.tag.clone()}</strong> " · " {l.unit.clone()} " · " {l.purpose.clone()}
                                " · " {t!(i18n, keys.due_by)} " " {short_time(&l.due_by)}
                                {overdue.then(|| view! { " " <span class="tag late">{t!(i18n, keys.overdue)}</span> })}
                                {(status(&l) == LoanStatus::AwaitingApproval).then(|| view! { " " <span class="tag waiting">{t!(i18n, keys.awaiting_approval)}</span> })}
                                <LoanDetails loan=l.clone() />
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })
    }
}
