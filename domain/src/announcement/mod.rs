//! 通知/公告 and 工作联络单: a notice drafted at the desk, approved by the supervisor, aimed at
//! every home, some buildings or some homes, put up on the boards (where, by whom, a photo)
//! and taken down after its last day. Each home's reading is counted — from the poster's QR
//! code, at the counter, or door to door on a phone with no network — so the desk sees,
//! building by building, which homes have not seen it. An activity's notice takes sign-ups
//! before and feedback after; a liaison note goes to departments, each acknowledging it.

pub mod commands;
pub mod record;
pub mod rules;

#[cfg(test)]
mod tests;

use crate::coverage::{BuildingCoverage, per_building};
use record::{Announcement, AnnouncementReply};
use std::collections::BTreeSet;

/// The homes (unit labels, register order) the notice is for.
pub fn homes<'a>(a: &Announcement, register: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    register.into_iter().filter(|u| a.audience.includes(u)).collect()
}

/// Which of the notice's homes have read it, per building, with the homes left.
pub fn coverage<'a>(
    a: &Announcement,
    register: impl IntoIterator<Item = &'a str>,
    replies: &[AnnouncementReply],
) -> Vec<BuildingCoverage> {
    let read: BTreeSet<String> = replies.iter().map(|r| r.unit.clone()).collect();
    per_building(homes(a, register), &read)
}

/// An activity's sign-ups (homes, people) and feedback (count, average rating ×10).
pub fn activity_figures(replies: &[AnnouncementReply]) -> ActivityFigures {
    let mut f = ActivityFigures::default();
    for r in replies {
        if let Some(s) = &r.sign_up {
            f.homes_signed += 1;
            f.people += s.people;
        }
        if let Some(fb) = &r.feedback {
            f.feedback += 1;
            f.rating_sum += fb.rating as u32;
        }
    }
    f
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActivityFigures {
    pub homes_signed: u32,
    pub people: u32,
    pub feedback: u32,
    rating_sum: u32,
}

impl ActivityFigures {
    /// The average rating to one decimal (`4.3`), if anyone rated.
    pub fn average(&self) -> Option<String> {
        (self.feedback > 0).then(|| {
            let tenths = (self.rating_sum * 10 + self.feedback / 2) / self.feedback;
            format!("{}.{}", tenths / 10, tenths % 10)
        })
    }
}
