//! Today's date, for what is dated when it is made (a new story, the printed report). The one
//! place that reads the clock, and it yields to `SOURCE_DATE_EPOCH` so that output can be made
//! again byte for byte (and tested).

use crate::base::inputs::Date;

/// Today in Vietnam (UTC+7, no daylight saving): the day of `SOURCE_DATE_EPOCH` when it is
/// set to a number of seconds, else the system clock's.
pub fn today() -> Date {
    let seconds = source_date_epoch().unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    civil_date((seconds + 7 * 3600) / 86_400)
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention: seconds since 1970-01-01 UTC.
fn source_date_epoch() -> Option<u64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// The calendar date `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_date(days: u64) -> Date {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: u16::try_from(year).unwrap_or(u16::MAX),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_1970_become_calendar_dates() {
        assert_eq!(civil_date(0).to_string(), "1970-01-01");
        assert_eq!(civil_date(19_782).to_string(), "2024-02-29");
        assert_eq!(civil_date(20_437).to_string(), "2025-12-15");
    }
}
