//! Turning failures into sentences in the user's language. The server's own message is
//! English for logs; the user reads the translation of its stable code.

use crate::api::ApiFailure;
use crate::i18n::*;
use leptos_i18n::I18nContext;
use steward_domain::ErrorCode;

pub fn failure_text(i18n: I18nContext<Locale>, failure: &ApiFailure) -> String {
    let detail = match failure {
        ApiFailure::Offline => return t_string!(i18n, errors.offline).to_string(),
        ApiFailure::Refused(detail) => detail,
    };
    // A field error from the domain rules reads better than the generic "invalid".
    if let Some(field) = detail.field.as_deref().and_then(field_text(i18n)) {
        return field;
    }
    match detail.code {
        ErrorCode::Invalid => t_string!(i18n, errors.invalid).to_string(),
        ErrorCode::MalformedBody => t_string!(i18n, errors.malformed_body).to_string(),
        ErrorCode::BodyTooLarge => t_string!(i18n, errors.body_too_large).to_string(),
        ErrorCode::Unauthenticated => t_string!(i18n, errors.unauthenticated).to_string(),
        ErrorCode::BadCredentials => t_string!(i18n, errors.bad_credentials).to_string(),
        ErrorCode::Throttled => {
            let secs = detail.retry_after_secs.unwrap_or(1);
            // Placeholders are filled here: leptos_i18n interpolation yields views, not strings.
            t_string!(i18n, errors.throttled).replace("{secs}", &secs.to_string())
        }
        ErrorCode::Forbidden => t_string!(i18n, errors.forbidden).to_string(),
        ErrorCode::NotFound => t_string!(i18n, errors.not_found).to_string(),
        ErrorCode::Conflict => t_string!(i18n, errors.conflict).to_string(),
        ErrorCode::MethodNotAllowed => t_string!(i18n, errors.method_not_allowed).to_string(),
        ErrorCode::Internal => t_string!(i18n, errors.internal).to_string(),
    }
}

/// The message for a form field that broke a `domain` rule.
pub fn field_text(i18n: I18nContext<Locale>) -> impl Fn(&str) -> Option<String> {
    move |field| {
        Some(match field {
            "username" => t_string!(i18n, errors.username).to_string(),
            "password" => t_string!(i18n, errors.password).to_string(),
            "display_name" => t_string!(i18n, errors.display_name).to_string(),
            "pin" => t_string!(i18n, errors.pin).to_string(),
            "secret" => t_string!(i18n, errors.secret).to_string(),
            "pin_disabled" => t_string!(i18n, errors.pin_disabled).to_string(),
            "user" => t_string!(i18n, errors.user).to_string(),
            // A field of a change, refused by the rules on the server's side.
            other => match steward_domain::field::Field::from_name(other) {
                steward_domain::field::Field::Other => return None,
                f => crate::sync_text::field_text(i18n, f).to_string(),
            },
        })
    }
}
