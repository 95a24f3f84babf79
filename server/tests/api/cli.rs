use std::process::Command;

fn steward() -> Command {
    Command::new(env!("CARGO_BIN_EXE_steward"))
}

/// A new, empty database at `db` (`steward init`).
fn init(db: &std::path::Path) {
    let out = steward().args(["init", "--db", db.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A database file that does not exist is refused by every command but `serve` and
/// `init`: a typo in `--db` creates nothing and reports nothing as intact.
#[test]
fn a_database_that_does_not_exist_is_refused_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo.sqlite3");
    for args in [
        vec!["verify-log"],
        vec!["new-epoch"],
        vec!["set-property", "--name", "x"],
        vec!["import-units", "units.csv"],
    ] {
        let out = steward().args(&args).args(["--db", typo.to_str().unwrap()]).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("no such database"), "{args:?}");
        assert!(!typo.exists(), "{args:?} created the file");
    }
    init(&typo);
    let again = steward().args(["init", "--db", typo.to_str().unwrap()]).output().unwrap();
    assert!(!again.status.success(), "init refuses a database that exists");
}

#[test]
fn import_units_reports_bad_lines_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite3");
    init(&db);
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "楼栋,房号,业主姓名,联系电话\n1,101,甲,13800000000\n1,abc,乙,13800000001\n")
        .unwrap();
    let out = steward()
        .args(["import-units", bad.to_str().unwrap(), "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3 [房号]"), "{err}");
    assert!(err.contains("nothing imported"), "{err}");

    let good = dir.path().join("good.csv");
    std::fs::write(&good, "building,unit,owner_name,phone\n1,101,甲,13800000000\n1,102,乙,13800000001\n")
        .unwrap();
    let out = steward()
        .args(["import-units", good.to_str().unwrap(), "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 buildings, 2 units, 2 owners"));
}

#[test]
fn create_user_validates_with_the_domain_rules() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite3");
    init(&db);
    let run = |password: &str, username: &str| {
        steward()
            .args(["create-user", "--username", username, "--display-name", "吴艳", "--role", "supervisor"])
            .args(["--db", db.to_str().unwrap()])
            .env("STEWARD_PASSWORD", password)
            .output()
            .unwrap()
    };
    assert!(!run("short", "wuyan").status.success());
    let ok = run("long enough password", "wuyan");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(!run("long enough password", "wuyan").status.success(), "duplicate username");
}

#[test]
fn set_property_names_the_property_and_its_hotline() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite3");
    init(&db);
    let run = |args: &[&str]| {
        steward().arg("set-property").args(args).args(["--db", db.to_str().unwrap()]).output().unwrap()
    };
    let out = run(&["--name", "翠湖花园", "--hotline", "0755-1234 5678"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("翠湖花园; service hotline: 0755-1234 5678"));
    let out = run(&["--hotline", ""]);
    assert!(!out.status.success(), "a blank hotline is refused");
    let c = rusqlite::Connection::open(&db).unwrap();
    let hotline: String =
        c.query_row("SELECT value FROM meta WHERE key = 'service_hotline'", [], |r| r.get(0)).unwrap();
    assert_eq!(hotline, "0755-1234 5678");
}
