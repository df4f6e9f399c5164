//! The `Retry-After` header (RFC 9110 section 10.2.3): a delay in seconds or
//! an HTTP-date, read from bytes without ever failing loudly.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A valid `Retry-After` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetryAfter {
    /// `delay-seconds`: a run of digits; more seconds than a `u64` holds
    /// saturate (the server asks for a very long wait, not for none).
    Delay(Duration),
    /// An `HTTP-date`: retry once it has passed.
    Date(SystemTime),
}

impl RetryAfter {
    /// Reads a header value; `None` when it is neither form (negative, a
    /// fraction, not a number, not a date). `now` gives the century of a
    /// two-digit year (the obsolete RFC 850 form).
    pub(crate) fn parse(value: &[u8], now: SystemTime) -> Option<Self> {
        let value = value.trim_ascii();
        if value.is_empty() {
            return None;
        }
        if value.iter().all(u8::is_ascii_digit) {
            let secs = value
                .iter()
                .try_fold(0u64, |n, d| {
                    n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
                })
                .unwrap_or(u64::MAX);
            return Some(RetryAfter::Delay(Duration::from_secs(secs)));
        }
        http_date(value, now).map(RetryAfter::Date)
    }

    /// How long to wait from `now`: zero for a date that has passed.
    pub(crate) fn delay(self, now: SystemTime) -> Duration {
        match self {
            RetryAfter::Delay(delay) => delay,
            RetryAfter::Date(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
        }
    }
}

/// A date, its three forms (RFC 9110 section 5.6.7): `Sun, 06 Nov 1994
/// 08:49:37 GMT` (IMF-fixdate), `Sunday, 06-Nov-94 08:49:37 GMT` (RFC 850),
/// `Sun Nov  6 08:49:37 1994` (asctime). Names are case-sensitive, as the RFC
/// says; the day name is not checked against the date, which it only
/// repeats. A date before 1970 reads as 1970 (it has passed either way).
fn http_date(s: &[u8], now: SystemTime) -> Option<SystemTime> {
    let (year, month, day, time) = imf_fixdate(s)
        .or_else(|| rfc850_date(s, now))
        .or_else(|| asctime_date(s))?;
    let days_in_month = match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=days_in_month).contains(&day) {
        return None;
    }
    let secs = days_from_civil(year, month, day) * 86_400 + time;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).unwrap_or(0)))
}

/// (year, month 1..=12, day, seconds into the day).
type Parts = (i64, u32, u32, i64);

/// `Sun, 06 Nov 1994 08:49:37 GMT`
fn imf_fixdate(s: &[u8]) -> Option<Parts> {
    let [d0, d1, d2, b',', b' ', rest @ ..] = s else {
        return None;
    };
    let [day @ .., b' '] = rest.get(..3)? else {
        return None;
    };
    let [m @ .., b' '] = rest.get(3..7)? else {
        return None;
    };
    let [y @ .., b' '] = rest.get(7..12)? else {
        return None;
    };
    if rest.len() != 24 || &rest[20..] != b" GMT" || day_name(&[*d0, *d1, *d2]).is_none() {
        return None;
    }
    Some((
        digits(y)?,
        month(m)?,
        day_of_month(day)?,
        time(&rest[12..20])?,
    ))
}

/// `Sunday, 06-Nov-94 08:49:37 GMT`
fn rfc850_date(s: &[u8], now: SystemTime) -> Option<Parts> {
    let comma = s.iter().position(|&b| b == b',')?;
    if !LONG_DAYS.contains(&&s[..comma]) {
        return None;
    }
    let rest = s[comma..].strip_prefix(b", ")?;
    let [
        d0,
        d1,
        b'-',
        m0,
        m1,
        m2,
        b'-',
        y0,
        y1,
        b' ',
        time_of_day @ ..,
        b' ',
        b'G',
        b'M',
        b'T',
    ] = rest
    else {
        return None;
    };
    // RFC 9110: a two-digit year that would be more than 50 years in the
    // future is the most recent past year with those digits.
    let this_year = civil_year(now);
    let mut year = this_year - this_year.rem_euclid(100) + digits(&[*y0, *y1])?;
    if year > this_year + 50 {
        year -= 100;
    }
    Some((
        year,
        month(&[*m0, *m1, *m2])?,
        day_of_month(&[*d0, *d1])?,
        time(time_of_day)?,
    ))
}

/// `Sun Nov  6 08:49:37 1994`
fn asctime_date(s: &[u8]) -> Option<Parts> {
    let [w0, w1, w2, b' ', m0, m1, m2, b' ', d0, d1, b' ', rest @ ..] = s else {
        return None;
    };
    let [time_of_day @ .., b' ', y0, y1, y2, y3] = rest else {
        return None;
    };
    day_name(&[*w0, *w1, *w2])?;
    let day = if *d0 == b' ' {
        &[*d1][..]
    } else {
        &[*d0, *d1][..]
    };
    Some((
        digits(&[*y0, *y1, *y2, *y3])?,
        month(&[*m0, *m1, *m2])?,
        day_of_month(day)?,
        time(time_of_day)?,
    ))
}

const DAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
const LONG_DAYS: [&[u8]; 7] = [
    b"Monday",
    b"Tuesday",
    b"Wednesday",
    b"Thursday",
    b"Friday",
    b"Saturday",
    b"Sunday",
];
const MONTHS: [&[u8]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

fn day_name(name: &[u8]) -> Option<()> {
    DAYS.contains(&name).then_some(())
}

fn month(name: &[u8]) -> Option<u32> {
    let index = MONTHS.iter().position(|m| *m == name)?;
    u32::try_from(index + 1).ok()
}

/// One or two digits, 1..=31 (checked against the month later).
fn day_of_month(s: &[u8]) -> Option<u32> {
    let day = u32::try_from(digits(s)?).ok()?;
    (1..=31).contains(&day).then_some(day)
}

/// `hh:mm:ss`, 00:00:00 to 23:59:60 (a leap second), as seconds into the day.
fn time(s: &[u8]) -> Option<i64> {
    let [h0, h1, b':', m0, m1, b':', s0, s1] = s else {
        return None;
    };
    let (h, m, sec) = (
        digits(&[*h0, *h1])?,
        digits(&[*m0, *m1])?,
        digits(&[*s0, *s1])?,
    );
    (h < 24 && m < 60 && sec <= 60).then_some(h * 3600 + m * 60 + sec)
}

/// A short run of ASCII digits as a number.
fn digits(s: &[u8]) -> Option<i64> {
    s.iter().try_fold(0i64, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
    })
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The year `now` falls in (1970 for a clock set before it).
fn civil_year(now: SystemTime) -> i64 {
    let days = now.duration_since(UNIX_EPOCH).map_or(0, |d| {
        i64::try_from(d.as_secs() / 86_400).unwrap_or(i64::MAX)
    });
    // Hinnant's `civil_from_days`, the year only.
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    year_of_era + era * 400 + i64::from(month_from_march >= 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2025-06-15 12:00:00 UTC.
    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_749_988_800)
    }

    fn parse(s: &str) -> Option<RetryAfter> {
        RetryAfter::parse(s.as_bytes(), now())
    }

    fn date(secs: u64) -> Option<RetryAfter> {
        Some(RetryAfter::Date(UNIX_EPOCH + Duration::from_secs(secs)))
    }

    #[test]
    fn seconds() {
        assert_eq!(
            parse("120"),
            Some(RetryAfter::Delay(Duration::from_secs(120)))
        );
        assert_eq!(parse(" 0\t"), Some(RetryAfter::Delay(Duration::ZERO)));
        assert_eq!(
            parse("007"),
            Some(RetryAfter::Delay(Duration::from_secs(7)))
        );
        assert_eq!(
            parse("18446744073709551615"),
            Some(RetryAfter::Delay(Duration::from_secs(u64::MAX)))
        );
        // Too many seconds for a u64: the longest wait there is.
        assert_eq!(
            parse("99999999999999999999999999"),
            Some(RetryAfter::Delay(Duration::from_secs(u64::MAX)))
        );
    }

    #[test]
    fn not_a_retry_after() {
        for bad in [
            "",
            " ",
            "-5",
            "+5",
            "1.5",
            "1e3",
            "soon",
            "5 s",
            "0x10",
            "١٢",
            "Sun, 06 Nov 1994",
            // Wrong case, zone, separators, ranges.
            "sun, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37 gmt",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT",
            "Sun, 06 Nov 1994 08:49:61 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 29 Feb 1900 08:49:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT ",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 UTC",
            "Sun, 06-Nov-94 08:49:37 GMT",
            "Sunday 06-Nov-94 08:49:37 GMT",
            "Sun Nov 6 08:49:37 1994",
            "Sun Nov  6 08:49:37 94",
            "Sun Nov  6 8:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 GMT\u{e9}",
        ] {
            // Surrounding whitespace is trimmed, so the trailing-space case
            // above stands for a space inside the value: make it one.
            let bad = bad.replace("GMT ", "GMT x");
            assert_eq!(parse(&bad), None, "{bad:?}");
        }
        assert_eq!(RetryAfter::parse(b"\xff\xfe", now()), None);
    }

    #[test]
    fn dates_in_three_forms() {
        // 1994-11-06 08:49:37 UTC, the RFC's example.
        let rfc = date(784_111_777);
        assert_eq!(parse("Sun, 06 Nov 1994 08:49:37 GMT"), rfc);
        assert_eq!(parse("Sunday, 06-Nov-94 08:49:37 GMT"), rfc);
        assert_eq!(parse("Sun Nov  6 08:49:37 1994"), rfc);
        assert_eq!(parse("Sun Nov 06 08:49:37 1994"), rfc);
        // The day name only repeats the date: a wrong one is forgiven.
        assert_eq!(parse("Mon, 06 Nov 1994 08:49:37 GMT"), rfc);
        // A leap day, a leap second, the epoch, before it, the last year.
        assert_eq!(parse("Thu, 29 Feb 2024 00:00:00 GMT"), date(1_709_164_800));
        assert_eq!(parse("Sat, 31 Dec 2016 23:59:60 GMT"), date(1_483_228_800));
        assert_eq!(parse("Thu, 01 Jan 1970 00:00:00 GMT"), date(0));
        assert_eq!(parse("Mon, 01 Jan 1900 00:00:00 GMT"), date(0));
        assert_eq!(
            parse("Fri, 31 Dec 9999 23:59:59 GMT"),
            date(253_402_300_799)
        );
    }

    #[test]
    fn two_digit_years_are_within_fifty_years_ahead() {
        // Now is 2025: "75" is 2075, "76" would be 2076 (more than 50 years
        // ahead), so 1976.
        let year = |yy: &str| {
            let s = format!("Wednesday, 01-Jan-{yy} 00:00:00 GMT");
            let Some(RetryAfter::Date(at)) = parse(&s) else {
                panic!("{s}")
            };
            civil_year(at)
        };
        assert_eq!(year("25"), 2025);
        assert_eq!(year("75"), 2075);
        assert_eq!(year("76"), 1976);
        assert_eq!(year("94"), 1994);
        assert_eq!(year("00"), 2000);
        assert_eq!(civil_year(now()), 2025);
        assert_eq!(civil_year(UNIX_EPOCH), 1970);
    }

    #[test]
    fn delays() {
        let at = now() + Duration::from_secs(90);
        assert_eq!(RetryAfter::Date(at).delay(now()), Duration::from_secs(90));
        assert_eq!(RetryAfter::Date(UNIX_EPOCH).delay(now()), Duration::ZERO);
        assert_eq!(
            RetryAfter::Delay(Duration::from_secs(5)).delay(now()),
            Duration::from_secs(5)
        );
    }

    /// Agrees with the `httpdate` crate on every date it writes (IMF-fixdate,
    /// and the two obsolete forms built from it), and on whatever else it
    /// reads, over pseudo-random instants and byte mutations; and reads any
    /// bytes without panicking.
    #[test]
    fn agrees_with_httpdate() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move || {
            // xorshift64*
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        for _ in 0..20_000 {
            // 1970 ..= 9999.
            let at = UNIX_EPOCH + Duration::from_secs(next() % 253_402_300_800);
            let imf = httpdate::fmt_http_date(at);
            assert_eq!(parse(&imf), Some(RetryAfter::Date(at)), "{imf}");
            let b = imf.as_bytes();
            let (wday, day, mon, year, hms) = (
                &imf[..3],
                &imf[5..7],
                &imf[8..11],
                &imf[12..16],
                &imf[17..25],
            );
            let long = LONG_DAYS[DAYS.iter().position(|d| *d == &b[..3]).unwrap()];
            let long = std::str::from_utf8(long).unwrap();
            let asctime = format!(
                "{wday} {mon} {:>2} {hms} {year}",
                day.trim_start_matches('0')
            );
            assert_eq!(parse(&asctime), Some(RetryAfter::Date(at)), "{asctime}");
            let rfc850 = format!("{long}, {day}-{mon}-{} {hms} GMT", &year[2..]);
            let parsed = parse(&rfc850);
            assert_eq!(
                parsed.map(|p| civil_year(match p {
                    RetryAfter::Date(t) => t,
                    RetryAfter::Delay(_) => unreachable!(),
                }) % 100),
                Some(year[2..].parse().unwrap()),
                "{rfc850}"
            );
            // Any bytes at all: no panic.
            let len = usize::try_from(next() % 40).unwrap();
            let noise: Vec<u8> = (0..len).map(|_| next().to_le_bytes()[3]).collect();
            let _ = RetryAfter::parse(&noise, now());
            // Mutations: whatever httpdate reads, this reads the same.
            for form in [imf, asctime] {
                let mut bytes = form.into_bytes();
                let i = usize::try_from(next() % bytes.len() as u64).unwrap();
                let pool = b"0123456789 ,:-ADFGJMNOSTadeglnoprtuvy\xff";
                bytes[i] = pool[usize::try_from(next() % pool.len() as u64).unwrap()];
                let ours = RetryAfter::parse(&bytes, now());
                if let Some(theirs) = std::str::from_utf8(&bytes)
                    .ok()
                    .and_then(|s| httpdate::parse_http_date(s).ok())
                {
                    assert_eq!(ours, Some(RetryAfter::Date(theirs)), "{bytes:?}");
                }
            }
        }
    }
}
