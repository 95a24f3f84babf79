//! Is the server reachable? `navigator.onLine` only knows about the Wi-Fi link, so the
//! indicator also asks the server (`/healthz`) every few seconds and on network events.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

const PROBE_EVERY: Duration = Duration::from_secs(10);

#[derive(Clone, Copy)]
pub struct Connectivity {
    pub online: ReadSignal<bool>,
}

pub fn provide_connectivity() -> Connectivity {
    let initially = window().navigator().on_line();
    let (online, set_online) = signal(initially);
    let probe = move || {
        spawn_local(async move {
            let up = window().navigator().on_line() && crate::api::reachable().await;
            set_online.set(up);
        })
    };
    probe();
    set_interval(probe, PROBE_EVERY);
    window_event_listener(ev::online, move |_| probe());
    window_event_listener(ev::offline, move |_| set_online.set(false));
    let connectivity = Connectivity { online };
    provide_context(connectivity);
    connectivity
}

pub fn use_connectivity() -> Connectivity {
    expect_context::<Connectivity>()
}
