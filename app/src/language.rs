//! The interface language: Simplified Chinese unless this device chose English.
//! (leptos_i18n would otherwise follow the browser's language, and counter tablets are
//! often set up in English by whoever installed them.)

use crate::i18n::*;
use gloo_storage::{LocalStorage, Storage};
use leptos_i18n::I18nContext;

const KEY: &str = "steward.lang";

fn code(locale: Locale) -> &'static str {
    if locale == Locale::en { "en" } else { "zh-CN" }
}

/// The device's saved choice; Chinese when there is none.
pub fn saved() -> Locale {
    let saved: Option<String> = LocalStorage::get(KEY).ok();
    if saved.as_deref() == Some("en") { Locale::en } else { Locale::zh_CN }
}

/// Keeps `<html lang>` on the shown language (screen readers, fonts for CJK).
pub fn sync_html_lang(i18n: I18nContext<Locale>) {
    leptos::prelude::Effect::new(move |_| {
        let lang = code(i18n.get_locale());
        if let Some(html) = leptos::prelude::document().document_element() {
            let _ = html.set_attribute("lang", lang);
        }
    });
}

/// Switches between Chinese and English and remembers the choice on this device.
pub fn toggle(i18n: I18nContext<Locale>) {
    let next = if i18n.get_locale_untracked() == Locale::en { Locale::zh_CN } else { Locale::en };
    let _ = LocalStorage::set(KEY, code(next));
    i18n.set_locale(next);
}

/// The colon after a label in the shown language (`：` in Chinese, `: ` in English).
pub fn colon(i18n: I18nContext<Locale>) -> &'static str {
    if i18n.get_locale() == Locale::en { ": " } else { "：" }
}

/// Between the items of a list in the shown language (`、` in Chinese, `, ` in English).
pub fn list_sep(i18n: I18nContext<Locale>) -> &'static str {
    if i18n.get_locale() == Locale::en { ", " } else { "、" }
}

/// Whether the shown language is English (for the domain's wording functions that take it).
pub fn english(i18n: I18nContext<Locale>) -> bool {
    i18n.get_locale() == Locale::en
}

/// A shift's name in the shown language (the manuals' three translated, a property's own
/// names as they are).
pub fn shift_name(i18n: I18nContext<Locale>, name: &str) -> String {
    if english(i18n) { steward_domain::shift::name_en(name).to_string() } else { name.to_string() }
}
