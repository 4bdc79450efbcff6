//! Dates as PowerShell prints them in different cultures (`6/1/2012 8:00:00 AM`, `6.12.2014 10:03:57`,
//! `2014-11-26T10:00:00Z`, `26/11/2014 10:03:57`) and as administrators type them in parameters.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// Parses a date (with optional time). Day/month order: ISO `y-m-d`; dots mean `d.m.y`; slashes
/// mean `m/d/y` (en-US) unless the first number cannot be a month. Returns UTC (transcripts print
/// local time without a zone; a few hours do not change any judgement made here).
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    let t = text.trim().trim_matches(['"', '\'']);
    if let Ok(dt) = OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339) {
        return Some(dt);
    }
    let (date_part, time_part) = match t.split_once(['T', ' ']) {
        Some((d, rest)) => (d, rest.trim()),
        None => (t, ""),
    };
    let date = parse_date(date_part)?;
    let time = parse_time(time_part).unwrap_or(Time::MIDNIGHT);
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

fn parse_date(s: &str) -> Option<Date> {
    let (sep, order) = if s.contains('-') {
        ('-', [0usize, 1, 2])
    } else if s.contains('.') {
        ('.', [2, 1, 0])
    } else if s.contains('/') {
        ('/', [2, 0, 1])
    } else {
        return None;
    };
    let nums: Vec<u32> = s
        .split(sep)
        .map(|p| p.trim().parse().ok())
        .collect::<Option<_>>()?;
    if nums.len() != 3 {
        return None;
    }
    let (mut y, mut m, mut d) = (nums[order[0]], nums[order[1]], nums[order[2]]);
    if sep == '/' && m > 12 && d <= 12 {
        std::mem::swap(&mut m, &mut d); // 26/11/2014: day first
    }
    if y < 100 {
        y += 2000;
    }
    Date::from_calendar_date(y as i32, Month::try_from(m as u8).ok()?, d as u8).ok()
}

fn parse_time(s: &str) -> Option<Time> {
    let s = s.trim().trim_end_matches('Z');
    if s.is_empty() {
        return None;
    }
    let (clock, pm) = match s.rsplit_once(' ') {
        Some((c, ampm)) if ampm.eq_ignore_ascii_case("PM") => (c, Some(true)),
        Some((c, ampm)) if ampm.eq_ignore_ascii_case("AM") => (c, Some(false)),
        _ => (s, None),
    };
    let parts: Vec<u32> = clock
        .split(':')
        .map(|p| p.split('.').next().unwrap_or("0").parse().ok())
        .collect::<Option<_>>()?;
    let mut h = *parts.first()?;
    let m = parts.get(1).copied().unwrap_or(0);
    let sec = parts.get(2).copied().unwrap_or(0);
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    Time::from_hms(h as u8, m as u8, sec as u8).ok()
}

/// `yyyyMMddHHmmss` transcript stamps.
pub fn parse_stamp(s: &str) -> Option<OffsetDateTime> {
    if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |a: usize, b: usize| s[a..b].parse::<u32>().ok();
    let date = Date::from_calendar_date(
        n(0, 4)? as i32,
        Month::try_from(n(4, 6)? as u8).ok()?,
        n(6, 8)? as u8,
    )
    .ok()?;
    let time = Time::from_hms(n(8, 10)? as u8, n(10, 12)? as u8, n(12, 14)? as u8).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// A date as the model keeps it: RFC 3339 when it parses, else the text as written (an expression
/// such as `$cert.NotAfter` stays readable in messages).
pub fn normalise(raw: String) -> String {
    parse(&raw).map(format).unwrap_or(raw)
}

/// RFC 3339 text, the form dates take in the model.
pub fn format(dt: OffsetDateTime) -> String {
    dt.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| dt.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(s: &str) -> String {
        let d = parse(s).expect("parses");
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            d.year(),
            d.month() as u8,
            d.day(),
            d.hour(),
            d.minute()
        )
    }

    #[test]
    fn cultures() {
        assert_eq!(ymd("6/1/2012 8:00:00 AM"), "2012-06-01 08:00");
        assert_eq!(ymd("6/1/2012 8:00:00 PM"), "2012-06-01 20:00");
        assert_eq!(ymd("6.12.2014 10:03:57"), "2014-12-06 10:03");
        assert_eq!(ymd("26/11/2014 10:03:57"), "2014-11-26 10:03");
        assert_eq!(ymd("2014-11-26"), "2014-11-26 00:00");
        assert_eq!(ymd("2016-11-25T12:00:00Z"), "2016-11-25 12:00");
        assert!(parse("(Get-Date).AddYears(1)").is_none());
        assert!(parse_stamp("20141126103557").is_some());
    }
}
