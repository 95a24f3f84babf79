//! The notice as an A4 poster for the board: Chinese, then English, the dates that matter,
//! and a QR code to the household's page where it says it has read it (no account, no app).

use super::*;
use leptos_router::hooks::use_params_map;

/// Whom the poster is for, in both languages (the poster is read by everyone).
fn audience_words(a: &Audience) -> String {
    match a {
        Audience::All => "全体业主 / All residents".to_string(),
        Audience::Buildings { buildings } => buildings.join("、"),
        Audience::Units { units } => units.join("、"),
        Audience::Departments { .. } => String::new(),
    }
}

/// `2026-12-09 09:00` in the property's zone (a poster is read without context).
fn when(t: &steward_domain::clock::Timestamp) -> String {
    t.utc().with_timezone(&steward_domain::clock::property_zone()).format("%Y-%m-%d %H:%M").to_string()
}

#[component]
pub fn NoticePoster() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let params = use_params_map();
    let me = crate::session::use_session().me;
    // Drawn again only when this notice changes, not at every record the device receives.
    let notice = Memo::new(move |_| engine.one::<Announcement>(&params.read().get("id").unwrap_or_default()));
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let Some(a) = notice.get().filter(|a| a.approved.is_some()) else {
            return view! { <section class="page"><p>{t!(i18n, notices.not_approved)}</p></section> }
                .into_any();
        };
        let property = me.get().map(|m| m.property_name).unwrap_or_default();
        let url = household_url(&format!("/n/{id}"));
        let qr = crate::tickets::qr_svg(&url);
        let issued = a.approved.as_ref().map(|s| s.at.local_day().to_string()).unwrap_or_default();
        let paragraphs = |text: &str| {
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| view! { <p>{l.to_string()}</p> })
                .collect_view()
        };
        view! {
            <section class="page printable poster-print" id="notice-poster">
                <article class="poster">
                    <header>
                        <p class="notice-property">{property.clone()}</p>
                        <h1 id="poster-title">{a.title.clone()}</h1>
                        {(!a.title_en.is_empty()).then(|| view! { <p class="poster-title-en" lang="en">{a.title_en.clone()}</p> })}
                    </header>
                    <p class="poster-greeting">"尊敬的业主、住户："</p>
                    <div class="poster-body" id="poster-body-zh">{paragraphs(&a.body)}</div>
                    <dl class="facts poster-facts">
                        <dt>"通知对象 / For"</dt><dd id="poster-audience">{audience_words(&a.audience)}</dd>
                        {a.starts.as_ref().zip(a.ends.as_ref()).map(|(s, e)| view! {
                            <dt>"时间 / Time"</dt><dd id="poster-window">{when(s)} " – " {when(e)}</dd>
                        })}
                        {a.activity.as_ref().map(|x| view! {
                            <dt>"活动时间 / When"</dt><dd>{when(&x.at)}</dd>
                            <dt>"地点 / Where"</dt><dd>{x.place.clone()}</dd>
                            {(x.capacity > 0).then(|| view! { <dt>"名额 / Places"</dt><dd>{x.capacity}</dd> })}
                        })}
                    </dl>
                    {(!a.body_en.is_empty()).then(|| view! {
                        <p class="poster-greeting" lang="en">"Dear residents,"</p>
                        <div class="poster-body poster-en" lang="en" id="poster-body-en">{paragraphs(&a.body_en)}</div>
                    })}
                    <p class="poster-from">{property.clone()} " 物业服务中心 / Property Service Centre"<br />{issued.clone()}</p>
                    <footer class="poster-foot">
                        <div class="slip-qr poster-qr" inner_html=qr data-qr=url.clone()></div>
                        <div>
                            <p class="poster-ask">"请扫码确认已阅读本通知" {a.activity.is_some().then_some("，并可在线报名")} "。"</p>
                            <p class="poster-ask" lang="en">"Scan to tell us your home has read this notice" {a.activity.is_some().then_some(" and to sign up")} "."</p>
                            <p class="poster-sign">"张贴至 / Posted until " {a.expires.to_string()}</p>
                        </div>
                    </footer>
                </article>
                <button class="no-print primary" id="poster-print" on:click=move |_| { let _ = web_sys::window().map(|w| w.print()); }>{t!(i18n, notices.print)}</button>
                <a class="no-print button" href=format!("/announcements/{id}")>{t!(i18n, notices.back)}</a>
            </section>
        }
        .into_any()
    }
}
