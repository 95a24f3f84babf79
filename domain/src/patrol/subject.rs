//! What a patrol walked: a decoration, a public-area route, or a vacant unit.

use serde::{Deserialize, Serialize};

/// Travels flattened into the patrol (`decoration_id`, or `route_key` + `route_name`, or
/// `vacant_unit`), so patrols recorded before routes existed still read as decoration ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PatrolSubject {
    Decoration {
        decoration_id: String,
    },
    /// The route's name is kept with the patrol: the manager may rename or drop the route.
    Route {
        route_key: String,
        route_name: String,
    },
    Vacant {
        vacant_unit: String,
    },
}

impl PatrolSubject {
    pub fn decoration_id(&self) -> Option<&str> {
        match self {
            PatrolSubject::Decoration { decoration_id } => Some(decoration_id),
            _ => None,
        }
    }

    pub fn route_key(&self) -> Option<&str> {
        match self {
            PatrolSubject::Route { route_key, .. } => Some(route_key),
            _ => None,
        }
    }

    pub fn vacant_unit(&self) -> Option<&str> {
        match self {
            PatrolSubject::Vacant { vacant_unit } => Some(vacant_unit),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Holder {
        #[serde(flatten)]
        subject: PatrolSubject,
        by: i64,
    }

    #[test]
    fn each_subject_reads_back_from_its_own_fields() {
        for subject in [
            PatrolSubject::Decoration { decoration_id: "d".into() },
            PatrolSubject::Route { route_key: "signage".into(), route_name: "标识巡查".into() },
            PatrolSubject::Vacant { vacant_unit: "2栋-304".into() },
        ] {
            let h = Holder { subject, by: 1 };
            let json = serde_json::to_value(&h).unwrap();
            assert_eq!(serde_json::from_value::<Holder>(json).unwrap(), h);
        }
        let old: Holder = serde_json::from_str(r#"{"decoration_id":"d","by":1}"#).unwrap();
        assert_eq!(old.subject.decoration_id(), Some("d"));
    }
}
