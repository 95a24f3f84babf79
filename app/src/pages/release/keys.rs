//! The devices' release keys, for the supervisor and the manager: which device registered
//! which key, and a lost one revoked (the gate refuses what it signs from then on).

use super::*;
use steward_domain::release::record::DeviceKeyRecord;
use steward_domain::sync::Mutation;
use steward_domain::sync::commands::RevokeDeviceKey;

#[component]
pub(super) fn DeviceKeys() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let error = RwSignal::new(None::<String>);
    let keys = move || engine.typed::<DeviceKeyRecord>();
    view! {
        <section class="card" id="release-keys">
            <h2>{t!(i18n, release.keys_title)}</h2>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <ul>
                // Keyed rows: a sync arriving keeps a reason half typed.
                <For each=keys key=|(id, k, _)| (id.clone(), k.revoked.is_some()) children=move |(id, k, _)| {
                    let reason = RwSignal::new(String::new());
                    let revoke = { let id = id.clone(); move |_| {
                        let m = Mutation::RevokeDeviceKey(RevokeDeviceKey { id: id.clone(), reason: reason.get_untracked() });
                        crate::form_send::send(i18n, engine, m, error);
                    }};
                    view! {
                        <li class="device-key" data-key=id.clone()>
                            {k.label.clone()} " · " {t!(i18n, release.registered)} " " {super::property_time(&k.registered_at)}
                            {match k.revoked.clone() {
                                Some(r) => view! { " " <span class="tag urgent">{t!(i18n, release.revoked)}</span> " " {r.by_name} {move || crate::language::colon(i18n)} {r.reason} }.into_any(),
                                None => view! {
                                    <input class="revoke-reason" placeholder=move || t_string!(i18n, release.revoke_reason) bind:value=reason />
                                    <button type="button" class="revoke" on:click=revoke>{t!(i18n, release.revoke)}</button>
                                }.into_any(),
                            }}
                        </li>
                    }
                } />
            </ul>
        </section>
    }
}
