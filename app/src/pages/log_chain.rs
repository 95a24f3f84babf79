//! The duty log's chain on the supervisor's screen: "intact up to entry N, last verified at
//! …", or which entry is broken, and a check now. Online only: the chain is the server's.

use crate::i18n::*;
use crate::ticket_text::full_time;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use steward_domain::log_chain::{Break, Verification};

fn what_text(i18n: I18nContext<Locale>, what: Break) -> &'static str {
    match what {
        Break::Gap => t_string!(i18n, log_chain.gap),
        Break::EntryMissing => t_string!(i18n, log_chain.entry_missing),
        Break::Altered => t_string!(i18n, log_chain.altered),
        Break::Unlinked => t_string!(i18n, log_chain.unlinked),
        Break::Unchained => t_string!(i18n, log_chain.unchained),
    }
}

fn verdict_text(i18n: I18nContext<Locale>, v: &Verification) -> String {
    let when = full_time(&v.at);
    match &v.verdict.broken {
        None => t_string!(i18n, log_chain.intact)
            .replace("{n}", &v.verdict.intact_up_to.to_string())
            .replace("{at}", &when)
            .replace("{by}", &v.by_name),
        Some(b) => t_string!(i18n, log_chain.broken)
            .replace("{seq}", &b.seq.to_string())
            .replace("{what}", what_text(i18n, b.what))
            .replace("{n}", &v.verdict.intact_up_to.to_string())
            .replace("{at}", &when),
    }
}

#[component]
pub fn LogChainStatus(last: RwSignal<Option<Verification>>) -> impl IntoView {
    let i18n = use_i18n();
    let failed = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let check = move |_| {
        busy.set(true);
        spawn_local(async move {
            match crate::api::verify_log().await {
                Ok(v) => {
                    last.set(Some(v));
                    failed.set(false);
                }
                Err(_) => failed.set(true),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="card" id="log-chain">
            <p id="log-chain-status" class:error=move || last.with(|v| v.as_ref().is_some_and(|v| v.verdict.broken.is_some()))>
                {move || match (last.get(), failed.get()) {
                    (Some(v), _) => verdict_text(i18n, &v),
                    (None, true) => t_string!(i18n, log_chain.unavailable).to_string(),
                    (None, false) => t_string!(i18n, log_chain.never).to_string(),
                }}
            </p>
            {move || last.get().and_then(|v| Some((v.verdict.broken?, v.entry))).map(|(b, entry)| view! {
                <dl class="facts" id="log-chain-entry">
                    <dt>{t!(i18n, log_chain.entry_number)}</dt><dd>{b.seq}</dd>
                    {entry.map(|e| view! {
                        <dt>{t!(i18n, log_chain.entry_time)}</dt><dd>{full_time(&e.written_at)}</dd>
                        <dt>{t!(i18n, log_chain.entry_author)}</dt><dd>{e.author_name}</dd>
                        <dt>{t!(i18n, log_chain.entry_text_now)}</dt><dd>{e.text}</dd>
                    })}
                </dl>
                <a href=format!("#entry-{}", b.id)>{t!(i18n, log_chain.show_entry)}</a>
            })}
            <button id="log-chain-verify" type="button" disabled=move || busy.get() on:click=check>{t!(i18n, log_chain.verify)}</button>
        </div>
    }
}
