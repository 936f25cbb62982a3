// Typed literals as a PostgreSQL 15 server prints them: each rule mirrors the type's input
// function (src/backend/utils/adt/{timestamp,date,cash,int,numeric}.c, datetime.c's
// DecodeInterval/AdjustIntervalForTypmod) and output function (EncodeDateTime, EncodeInterval
// in IntervalStyle postgres, cash_out under lc_monetary C). Text a rule cannot read exactly is
// left undecided (nullopt) rather than guessed.
#include "compiler/canonical_expr_literal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace schemactl {
namespace {

constexpr int64_t kUsecPerSec = 1000000;
constexpr int64_t kUsecPerMinute = 60 * kUsecPerSec;
constexpr int64_t kUsecPerHour = 60 * kUsecPerMinute;
constexpr int64_t kUsecPerDay = 24 * kUsecPerHour;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// Reads 1..max_digits digits at `pos`; false when there are none.
bool read_number(std::string_view s, size_t& pos, int64_t& value, size_t min_digits = 1, size_t max_digits = 9) {
  size_t start = pos;
  value = 0;
  while (pos < s.size() && is_digit(s[pos]) && pos - start < max_digits) value = value * 10 + (s[pos++] - '0');
  return pos - start >= min_digits && !(pos < s.size() && is_digit(s[pos]));
}

// ".123456789" at `pos` as microseconds, rounded like ParseFractionalSecond (rint(frac * 1e6)).
bool read_fraction(std::string_view s, size_t& pos, int64_t& usec) {
  usec = 0;
  if (pos >= s.size() || s[pos] != '.') return true;
  size_t start = pos++;
  while (pos < s.size() && is_digit(s[pos])) ++pos;
  if (pos == start + 1) return false;
  double frac = std::strtod(std::string(s.substr(start, pos - start)).c_str(), nullptr);
  usec = static_cast<int64_t>(std::rint(frac * kUsecPerSec));
  return true;
}

// "HH:MM[:SS[.frac]]" at `pos` as microseconds since midnight.
bool read_time_of_day(std::string_view s, size_t& pos, int64_t& usec) {
  int64_t hour = 0, minute = 0, second = 0, fraction = 0;
  if (!read_number(s, pos, hour, 1, 2) || pos >= s.size() || s[pos] != ':') return false;
  ++pos;
  if (!read_number(s, pos, minute, 2, 2)) return false;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!read_number(s, pos, second, 2, 2) || !read_fraction(s, pos, fraction)) return false;
  }
  // 24:00:00 and leap seconds are accepted by the server but rare enough to leave undecided.
  if (hour > 23 || minute > 59 || second > 59) return false;
  usec = ((hour * 60 + minute) * 60 + second) * kUsecPerSec + fraction;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2);
}

int64_t days_in_month(int64_t y, int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// An ISO date-time: "YYYY-MM-DD[( |T)HH:MM[:SS[.frac]]][ ][Z|(+|-)HH[[:]MM]]".
struct DateTime {
  int64_t usec = 0;  // since 1970-01-01 00:00, local time (offset not applied)
  bool has_time = false;
  bool has_offset = false;
  int64_t offset_seconds = 0;  // east of Greenwich
};

bool parse_offset(std::string_view s, size_t& pos, DateTime& out) {
  if (pos >= s.size()) return true;
  if (s[pos] == ' ') ++pos;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
    out.has_offset = true;
    ++pos;
    return true;
  }
  if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return false;
  int64_t sign = s[pos++] == '-' ? -1 : 1;
  int64_t hours = 0, minutes = 0;
  size_t start = pos;
  if (!read_number(s, pos, hours, 1, 4)) return false;
  if (pos - start == 4) {  // +HHMM
    minutes = hours % 100;
    hours /= 100;
  } else if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!read_number(s, pos, minutes, 2, 2)) return false;
  }
  if (hours > 15 || minutes > 59) return false;
  out.has_offset = true;
  out.offset_seconds = sign * (hours * 3600 + minutes * 60);
  return true;
}

bool parse_date_time(std::string_view text, DateTime& out) {
  std::string_view s = trimmed(text);
  size_t pos = 0;
  int64_t year = 0, month = 0, day = 0;
  if (!read_number(s, pos, year, 4, 6) || pos >= s.size() || s[pos++] != '-') return false;
  if (!read_number(s, pos, month, 1, 2) || pos >= s.size() || s[pos++] != '-') return false;
  if (!read_number(s, pos, day, 1, 2)) return false;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return false;
  out.usec = days_from_civil(year, month, day) * kUsecPerDay;
  if (pos < s.size() && (s[pos] == ' ' || s[pos] == 'T' || s[pos] == 't') && pos + 1 < s.size() && is_digit(s[pos + 1])) {
    ++pos;
    int64_t time = 0;
    if (!read_time_of_day(s, pos, time)) return false;
    out.usec += time;
    out.has_time = true;
  }
  return parse_offset(s, pos, out) && pos == s.size();
}

std::string two_digits(int64_t n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(n));
  return buf;
}

// ".5" for 500000 microseconds; empty for 0 (AppendSeconds trims trailing zeros).
std::string fraction_text(int64_t usec) {
  if (usec == 0) return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(usec));
  std::string out = buf;
  while (out.back() == '0') out.pop_back();
  return out;
}

std::string date_text(int64_t days) {
  int64_t y = 0, m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y), static_cast<long long>(m),
                static_cast<long long>(d));
  return buf;
}

std::string time_text(int64_t usec_of_day) {
  return two_digits(usec_of_day / kUsecPerHour) + ":" + two_digits(usec_of_day / kUsecPerMinute % 60) + ":" +
         two_digits(usec_of_day / kUsecPerSec % 60) + fraction_text(usec_of_day % kUsecPerSec);
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string timestamp_text(int64_t usec) {
  int64_t days = floor_div(usec, kUsecPerDay);
  return date_text(days) + " " + time_text(usec - days * kUsecPerDay);
}

std::optional<std::string> canonical_timestamp(std::string_view text, bool with_time_zone) {
  DateTime dt;
  if (!parse_date_time(text, dt)) return std::nullopt;
  if (!with_time_zone) return timestamp_text(dt.usec);  // timestamp_in ignores a given offset
  if (!dt.has_offset) return std::nullopt;              // local time of the server's TimeZone
  return timestamp_text(dt.usec - dt.offset_seconds * kUsecPerSec) + "+00";
}

std::optional<std::string> canonical_date(std::string_view text) {
  DateTime dt;
  if (!parse_date_time(text, dt)) return std::nullopt;
  return date_text(floor_div(dt.usec, kUsecPerDay));
}

std::optional<std::string> canonical_time(std::string_view text) {
  std::string_view s = trimmed(text);
  size_t pos = 0;
  int64_t usec = 0;
  if (!read_time_of_day(s, pos, usec) || pos != s.size()) return std::nullopt;
  return time_text(usec);
}

// ---- interval ----------------------------------------------------------------------------

// Field bits of an interval type modifier (datetime.h: INTERVAL_MASK(x) = 1 << x).
constexpr int64_t kMonth = 1 << 1, kYear = 1 << 2, kDay = 1 << 3, kHour = 1 << 10, kMinute = 1 << 11,
                  kSecond = 1 << 12;
constexpr int64_t kFullRange = 0x7FFF;

struct IntervalType {
  int64_t range = kFullRange;
  int precision = -1;  // -1: full precision
};

// "interval", "interval year", "interval day to second(3)", "interval(3)" (format_type).
std::optional<IntervalType> parse_interval_type(std::string_view type) {
  if (type.substr(0, 8) != "interval") return std::nullopt;
  std::string_view rest = type.substr(8);
  IntervalType out;
  auto precision_suffix = [&](std::string_view& r) {
    size_t open = r.find('(');
    if (open == std::string_view::npos) return true;
    if (r.back() != ')') return false;
    out.precision = std::atoi(std::string(r.substr(open + 1, r.size() - open - 2)).c_str());
    r = r.substr(0, open);
    return out.precision >= 0 && out.precision <= 6;
  };
  if (!precision_suffix(rest)) return std::nullopt;
  static constexpr std::pair<std::string_view, int64_t> kFields[] = {
      {"", kFullRange},
      {" year", kYear},
      {" month", kMonth},
      {" day", kDay},
      {" hour", kHour},
      {" minute", kMinute},
      {" second", kSecond},
      {" year to month", kYear | kMonth},
      {" day to hour", kDay | kHour},
      {" day to minute", kDay | kHour | kMinute},
      {" day to second", kDay | kHour | kMinute | kSecond},
      {" hour to minute", kHour | kMinute},
      {" hour to second", kHour | kMinute | kSecond},
      {" minute to second", kMinute | kSecond},
  };
  for (const auto& [name, mask] : kFields) {
    if (rest == name) {
      out.range = mask;
      return out;
    }
  }
  return std::nullopt;
}

struct Interval {
  int64_t month = 0;
  int64_t day = 0;
  int64_t usec = 0;
};

enum class Unit { None, Microsecond, Millisecond, Second, Minute, Hour, Day, Week, Month, Year, Decade, Century, Millennium };

// deltatktbl's unit names (datetime.c), lower case.
Unit unit_named(const std::string& w) {
  static constexpr std::pair<std::string_view, Unit> kUnits[] = {
      {"us", Unit::Microsecond}, {"usec", Unit::Microsecond}, {"usecs", Unit::Microsecond},
      {"useconds", Unit::Microsecond}, {"microsecon", Unit::Microsecond}, {"microsecond", Unit::Microsecond},
      {"microseconds", Unit::Microsecond},
      {"ms", Unit::Millisecond}, {"msec", Unit::Millisecond}, {"msecs", Unit::Millisecond},
      {"mseconds", Unit::Millisecond}, {"millisecon", Unit::Millisecond}, {"millisecond", Unit::Millisecond},
      {"milliseconds", Unit::Millisecond},
      {"s", Unit::Second}, {"sec", Unit::Second}, {"secs", Unit::Second}, {"second", Unit::Second},
      {"seconds", Unit::Second},
      {"m", Unit::Minute}, {"min", Unit::Minute}, {"mins", Unit::Minute}, {"minute", Unit::Minute},
      {"minutes", Unit::Minute},
      {"h", Unit::Hour}, {"hr", Unit::Hour}, {"hrs", Unit::Hour}, {"hour", Unit::Hour}, {"hours", Unit::Hour},
      {"d", Unit::Day}, {"day", Unit::Day}, {"days", Unit::Day},
      {"w", Unit::Week}, {"week", Unit::Week}, {"weeks", Unit::Week},
      {"mon", Unit::Month}, {"mons", Unit::Month}, {"month", Unit::Month}, {"months", Unit::Month},
      {"y", Unit::Year}, {"yr", Unit::Year}, {"yrs", Unit::Year}, {"year", Unit::Year}, {"years", Unit::Year},
      {"dec", Unit::Decade}, {"decs", Unit::Decade}, {"decade", Unit::Decade}, {"decades", Unit::Decade},
      {"c", Unit::Century}, {"cent", Unit::Century}, {"century", Unit::Century}, {"centuries", Unit::Century},
      {"mil", Unit::Millennium}, {"mils", Unit::Millennium}, {"millennia", Unit::Millennium},
      {"millennium", Unit::Millennium},
  };
  for (const auto& [name, unit] : kUnits) {
    if (name == w) return unit;
  }
  return Unit::None;
}

// The unit of a bare number: the last field of the type modifier (DecodeInterval's IGNORE_DTF
// case), seconds when there is none.
Unit unit_of_range(int64_t range) {
  switch (range) {
    case kYear: return Unit::Year;
    case kMonth:
    case kYear | kMonth: return Unit::Month;
    case kDay: return Unit::Day;
    case kHour:
    case kDay | kHour: return Unit::Hour;
    case kMinute:
    case kHour | kMinute:
    case kDay | kHour | kMinute: return Unit::Minute;
    default: return Unit::Second;
  }
}

// AdjustFractMicroseconds: the fraction's microseconds, with the truncated part rounded.
int64_t fract_usec(double frac, int64_t scale) {
  frac *= static_cast<double>(scale);
  auto usec = static_cast<int64_t>(frac);
  return usec + static_cast<int64_t>(std::rint(frac - static_cast<double>(usec)));
}

void add_number(Interval& iv, int64_t val, double fval, Unit unit) {
  auto add_years = [&](int64_t scale) {
    iv.month += val * scale * 12 + static_cast<int64_t>(std::rint(fval * static_cast<double>(scale) * 12));
  };
  auto add_fract_days = [&](double days) {
    auto extra = static_cast<int64_t>(days);
    iv.day += extra;
    iv.usec += fract_usec(days - static_cast<double>(extra), kUsecPerDay);
  };
  switch (unit) {
    case Unit::Microsecond: iv.usec += val + fract_usec(fval, 1); break;
    case Unit::Millisecond: iv.usec += val * 1000 + fract_usec(fval, 1000); break;
    case Unit::Second: iv.usec += val * kUsecPerSec + fract_usec(fval, kUsecPerSec); break;
    case Unit::Minute: iv.usec += val * kUsecPerMinute + fract_usec(fval, kUsecPerMinute); break;
    case Unit::Hour: iv.usec += val * kUsecPerHour + fract_usec(fval, kUsecPerHour); break;
    case Unit::Day: iv.day += val; iv.usec += fract_usec(fval, kUsecPerDay); break;
    case Unit::Week: iv.day += val * 7; add_fract_days(fval * 7); break;
    case Unit::Month: iv.month += val; add_fract_days(fval * 30); break;
    case Unit::Year: add_years(1); break;
    case Unit::Decade: add_years(10); break;
    case Unit::Century: add_years(100); break;
    case Unit::Millennium: add_years(1000); break;
    case Unit::None: break;
  }
}

// One whitespace-separated piece of an interval literal.
struct Token {
  enum class Kind { Number, Time, Word } kind;
  std::string text;
};

// Splits "1 year 2 mons", "1year", "-1 +02:03:04", "@ 3 days ago" into numbers, times and words.
bool tokenize(std::string_view s, std::vector<Token>& out) {
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == ',' || c == '@') {
      ++i;
    } else if (is_digit(c) || c == '+' || c == '-' || c == '.') {
      size_t start = i++;
      bool time = false;
      while (i < s.size() && (is_digit(s[i]) || s[i] == '.' || s[i] == ':')) time |= s[i++] == ':';
      out.push_back({time ? Token::Kind::Time : Token::Kind::Number, std::string(s.substr(start, i - start))});
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      std::string w;
      while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) w += lower(s[i++]);
      out.push_back({Token::Kind::Word, w});
    } else {
      return false;
    }
  }
  return true;
}

// "-1.5" as its integer part and signed fraction (DecodeInterval: strtoi64 then ParseFraction).
bool split_number(const std::string& text, int64_t& val, double& fval) {
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) negative = text[pos++] == '-';
  size_t digits = pos;
  val = 0;
  while (pos < text.size() && is_digit(text[pos])) val = val * 10 + (text[pos++] - '0');
  fval = 0;
  if (pos < text.size() && text[pos] == '.') {
    size_t start = pos++;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    fval = std::strtod(text.substr(start, pos - start).c_str(), nullptr);
  }
  if (pos != text.size() || pos == digits || (pos == digits + 1 && text[digits] == '.')) return false;
  if (negative) val = -val, fval = -fval;
  return true;
}

// "[+-]H:M[:S[.f]]" (or "M:S" for MINUTE TO SECOND) as signed microseconds.
bool time_usec(const std::string& text, int64_t range, int64_t& usec) {
  size_t pos = 0;
  int64_t sign = 1;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) sign = text[pos++] == '-' ? -1 : 1;
  std::vector<std::string> parts(1);
  for (; pos < text.size(); ++pos) {
    if (text[pos] == ':') parts.emplace_back();
    else parts.back() += text[pos];
  }
  if (parts.size() < 2 || parts.size() > 3) return false;
  int64_t fields[3] = {0, 0, 0};
  int64_t fraction = 0;
  for (size_t k = 0; k < parts.size(); ++k) {
    const std::string& p = parts[k];
    size_t dot = p.find('.');
    if (dot != std::string::npos && k + 1 != parts.size()) return false;
    std::string whole = p.substr(0, dot);
    if (whole.empty()) return false;
    for (char c : whole) {
      if (!is_digit(c)) return false;
    }
    fields[k] = std::atoll(whole.c_str());
    if (dot != std::string::npos) {
      size_t at = 0;
      std::string frac = p.substr(dot);
      if (!read_fraction(frac, at, fraction) || at != frac.size()) return false;
    }
  }
  bool minute_second = parts.size() == 2 && range == (kMinute | kSecond);
  if (!minute_second && parts.size() == 2 && fraction != 0) return false;  // "H:M.f" is rare; undecided
  int64_t hours = minute_second ? 0 : fields[0];
  int64_t minutes = minute_second ? fields[0] : fields[1];
  int64_t seconds = minute_second ? fields[1] : fields[2];
  if (minutes > 59 || seconds > 59) return false;
  usec = sign * (((hours * 60 + minutes) * 60 + seconds) * kUsecPerSec + fraction);
  return true;
}

bool parse_interval(std::string_view text, const IntervalType& type, Interval& out) {
  std::vector<Token> tokens;
  if (!tokenize(text, tokens) || tokens.empty()) return false;
  bool ago = false;
  if (tokens.back().kind == Token::Kind::Word && tokens.back().text == "ago") {
    ago = true;
    tokens.pop_back();
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == Token::Kind::Time) {
      int64_t usec = 0;
      if (!time_usec(t.text, type.range, usec)) return false;
      out.usec += usec;
    } else if (t.kind == Token::Kind::Number) {
      int64_t val = 0;
      double fval = 0;
      if (!split_number(t.text, val, fval)) return false;
      Unit unit = Unit::None;
      if (i + 1 < tokens.size() && tokens[i + 1].kind == Token::Kind::Word) {
        unit = unit_named(tokens[++i].text);
        if (unit == Unit::None) return false;
      } else if (i + 1 < tokens.size() && tokens[i + 1].kind == Token::Kind::Time) {
        unit = Unit::Day;  // '1 12:00:00': a number before a time of day counts days
      } else if (i + 1 == tokens.size()) {
        unit = unit_of_range(type.range);
      } else {
        return false;
      }
      add_number(out, val, fval, unit);
    } else {
      return false;
    }
  }
  if (ago) out = {-out.month, -out.day, -out.usec};
  return true;
}

// AdjustIntervalForTypmod: fields below the qualifier's last one are truncated, then the
// fractional seconds are rounded to the precision.
void apply_typmod(Interval& iv, const IntervalType& type) {
  int64_t r = type.range;
  if (r == kYear) {
    iv.month = iv.month / 12 * 12;
    iv.day = 0;
    iv.usec = 0;
  } else if (r == kMonth || r == (kYear | kMonth)) {
    iv.day = 0;
    iv.usec = 0;
  } else if (r == kDay) {
    iv.usec = 0;
  } else if (r == kHour || r == (kDay | kHour)) {
    iv.usec = iv.usec / kUsecPerHour * kUsecPerHour;
  } else if (r == kMinute || r == (kDay | kHour | kMinute) || r == (kHour | kMinute)) {
    iv.usec = iv.usec / kUsecPerMinute * kUsecPerMinute;
  }
  if (type.precision >= 0 && type.precision < 6) {
    int64_t scale = 1;
    for (int k = type.precision; k < 6; ++k) scale *= 10;
    int64_t offset = scale / 2;
    iv.usec = iv.usec >= 0 ? (iv.usec + offset) / scale * scale : -((-iv.usec + offset) / scale * scale);
  }
}

// EncodeInterval, IntervalStyle postgres: "-1 years +2 days -03:00:00", "00:00:00" for zero.
std::string interval_text(const Interval& iv) {
  std::string out;
  bool is_zero = true;
  bool is_before = false;
  auto part = [&](int64_t value, std::string_view unit) {
    if (value == 0) return;
    if (!is_zero) out += ' ';
    if (is_before && value > 0) out += '+';
    out += std::to_string(value) + " " + std::string(unit) + (value != 1 ? "s" : "");
    is_before = value < 0;
    is_zero = false;
  };
  part(iv.month / 12, "year");
  part(iv.month % 12, "mon");
  part(iv.day, "day");
  int64_t hour = iv.usec / kUsecPerHour;
  int64_t minute = iv.usec / kUsecPerMinute % 60;
  int64_t second = iv.usec / kUsecPerSec % 60;
  int64_t fsec = iv.usec % kUsecPerSec;
  if (is_zero || iv.usec != 0) {
    bool minus = iv.usec < 0;
    if (!is_zero) out += ' ';
    out += minus ? "-" : (is_before ? "+" : "");
    out += two_digits(std::llabs(hour)) + ":" + two_digits(std::llabs(minute)) + ":" + two_digits(std::llabs(second)) +
           fraction_text(std::llabs(fsec));
  }
  return out;
}

std::optional<std::string> canonical_interval(std::string_view text, const IntervalType& type) {
  Interval iv;
  if (!parse_interval(trimmed(text), type, iv)) return std::nullopt;
  apply_typmod(iv, type);
  return interval_text(iv);
}

// ---- money and numbers -------------------------------------------------------------------

// cash_in (lc_monetary C: '$' symbol, ',' thousands separator, '.' decimal point) then cash_out.
std::optional<std::string> canonical_money(std::string_view text) {
  std::string_view s = trimmed(text);
  bool negative = false;
  if (!s.empty() && s.front() == '(' && s.back() == ')') {
    negative = true;
    s = trimmed(s.substr(1, s.size() - 2));
  }
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = negative != (s.front() == '-');
    s = trimmed(s.substr(1));
  }
  if (!s.empty() && s.front() == '$') s = trimmed(s.substr(1));
  if (!s.empty() && s.front() == '-') {
    negative = !negative;
    s = trimmed(s.substr(1));
  }
  int64_t cents = 0;
  int decimals = -1;
  bool digits = false;
  bool round_up = false;
  for (char c : s) {
    if (is_digit(c)) {
      digits = true;
      if (decimals < 0 || decimals < 2) {
        cents = cents * 10 + (c - '0');
        if (decimals >= 0) ++decimals;
      } else if (decimals == 2) {
        round_up = c >= '5';
        decimals = 3;
      }
      if (cents > INT64_MAX / 1000) return std::nullopt;
    } else if (c == '.' && decimals < 0) {
      decimals = 0;
    } else if (c == ',' && decimals < 0) {
      continue;
    } else {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  for (int d = decimals < 0 ? 0 : std::min(decimals, 2); d < 2; ++d) cents *= 10;
  if (round_up) ++cents;
  std::string whole = std::to_string(cents / 100);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return std::string(negative && cents ? "-" : "") + "$" + grouped + "." + two_digits(cents % 100);
}

// int2in/int4in/int8in: blanks and a sign around decimal digits.
std::optional<std::string> canonical_integer(std::string_view text) {
  std::string_view s = trimmed(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.size() > 19) return std::nullopt;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
  }
  size_t nonzero = s.find_first_not_of('0');
  if (nonzero == std::string_view::npos) return std::string("0");
  return (negative ? "-" : "") + std::string(s.substr(nonzero));
}

// numeric_in keeps the written scale: '+05.10' -> 5.10, '-.5' -> -0.5 (exponents undecided).
std::optional<std::string> canonical_numeric(std::string_view text) {
  std::string_view s = trimmed(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (whole.empty() && frac.empty()) return std::nullopt;
  for (char c : whole) {
    if (!is_digit(c)) return std::nullopt;
  }
  for (char c : frac) {
    if (!is_digit(c)) return std::nullopt;
  }
  size_t nonzero = whole.find_first_not_of('0');
  std::string digits = nonzero == std::string_view::npos ? "0" : std::string(whole.substr(nonzero));
  bool zero = digits == "0" && frac.find_first_not_of('0') == std::string_view::npos;
  std::string out = (negative && !zero ? "-" : "") + digits;
  if (dot != std::string_view::npos && !frac.empty()) out += "." + std::string(frac);
  return out;
}

std::string_view without_precision(std::string_view type, std::string_view base, std::string_view suffix) {
  // "timestamp(3) with time zone" -> "timestamp with time zone": the input function is called
  // with typmod -1 (coerce_type), the precision is applied by an implicit cast the server hides.
  if (type.substr(0, base.size()) != base || type.size() < suffix.size() ||
      type.substr(type.size() - suffix.size()) != suffix)
    return type;
  std::string_view middle = type.substr(base.size(), type.size() - base.size() - suffix.size());
  if (middle.empty() || (middle.front() == '(' && middle.back() == ')')) return suffix;
  return type;
}

}  // namespace

std::optional<std::string> canonical_literal(std::string_view text, std::string_view type) {
  if (without_precision(type, "timestamp", " without time zone") == " without time zone")
    return canonical_timestamp(text, false);
  if (without_precision(type, "timestamp", " with time zone") == " with time zone")
    return canonical_timestamp(text, true);
  if (without_precision(type, "time", " without time zone") == " without time zone") return canonical_time(text);
  if (type == "date") return canonical_date(text);
  if (type == "money") return canonical_money(text);
  if (type == "smallint" || type == "integer" || type == "bigint") return canonical_integer(text);
  if (type.substr(0, 7) == "numeric") return canonical_numeric(text);
  if (auto interval = parse_interval_type(type)) return canonical_interval(text, *interval);
  return std::nullopt;
}

}  // namespace schemactl
