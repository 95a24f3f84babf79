//! 需处理: changes the server refused. Each was undone on this device; the user reads why
//! and sends it again or lets it go.

use crate::i18n::*;
use crate::sync::use_sync;
use crate::sync_text::{mutation_text, rejection_text};
use leptos::prelude::*;

#[component]
pub fn Attention() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let error = RwSignal::new(None::<String>);
    view! {
        <section class="page" id="attention">
            <h1>{t!(i18n, sync.attention_title)}</h1>
            <p class="intro">{t!(i18n, sync.attention_intro)}</p>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <ul class="attention">
                {move || {
                    let items = engine.needs_attention();
                    if items.is_empty() {
                        return view! { <li class="empty">{t!(i18n, sync.attention_empty)}</li> }.into_any();
                    }
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(index, item)| view! {
                            <li class="card">
                                <strong>{mutation_text(i18n, &item.mutation)}</strong>
                                <p class="error">{rejection_text(i18n, item.code, item.field.as_deref())}</p>
                                <div class="actions">
                                    <button class="primary" on:click=move |_| {
                                        if let Err(r) = engine.resend(index) {
                                            error.set(Some(rejection_text(i18n, Some(r.code), r.field.as_deref())));
                                        }
                                    }>{t!(i18n, sync.resend)}</button>
                                    <button on:click=move |_| engine.discard(index)>{t!(i18n, sync.discard)}</button>
                                </div>
                            </li>
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
        </section>
    }
}
