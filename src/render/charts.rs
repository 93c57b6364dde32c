//! Progress charts as inline SVG made at build time, so province pages show progress against
//! targets with JavaScript off, on a phone and to a screen reader (the `<desc>` says it in words).
//!
//! One chart per kind: the recognised share per round as a line with labelled dots, the minimum
//! target as a dashed line, the stretch range as a shaded band. The axis spans the values and
//! targets (not always 0-100%), so that a change of two points shows; a note marks the round
//! from which a province's totals include a merged province. Text is 14 units high in a
//! 320-unit-wide drawing: at least 12 px on a 360 px phone. Numbers are written with fixed
//! decimals, so the same input always gives the same bytes.

/// One round's recognised share of all (families, clans, communities or units), in percent.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    /// The review round (its year).
    pub round: i64,
    /// Recognised share of all, 0 to 100; non-finite values are left out of the chart.
    pub percent: f64,
}

/// What a progress chart shows; every text is plain text from the caller (i18n, data), escaped here.
#[derive(Debug, Clone, PartialEq)]
pub struct KindChart {
    /// Prefix of the ids inside the SVG (`<id>-title`, `<id>-desc`), unique on the page.
    /// Characters other than ASCII letters, digits, `-` and `_` become `-`.
    pub id: String,
    /// The accessible name, e.g. "Gia đình học tập, Bắc Ninh".
    pub title: String,
    /// What is counted, e.g. "Gia đình học tập được công nhận"; starts the description.
    pub kind_label: String,
    /// The rounds, in any order; drawn in order of round.
    pub points: Vec<ChartPoint>,
    /// Minimum target in percent, drawn as a dashed line.
    pub target_min: Option<f64>,
    /// Stretch target in percent; with `target_min`, the band between them is shaded.
    pub target_stretch: Option<f64>,
    /// Legend and description text for the minimum, e.g. "Chỉ tiêu tối thiểu".
    pub target_label: String,
    /// Legend and description text for the band, e.g. "Mức phấn đấu".
    pub stretch_label: String,
    /// What the percentages are of, e.g. "tỷ lệ trên tổng số hộ gia đình"; in the description.
    pub denominator_label: String,
    /// Shown in place of the line when there are no points, e.g. "Chưa có số liệu".
    pub no_data_label: String,
    /// A round whose totals changed for another reason than progress (a merger), marked by a
    /// dotted line before its dot and explained in the legend.
    pub note: Option<ChartNote>,
}

/// A note on one round of a chart: "Từ 2025: gồm cả Bắc Giang".
#[derive(Debug, Clone, PartialEq)]
pub struct ChartNote {
    pub round: i64,
    pub text: String,
}

const WIDTH: f64 = 320.0;
const FONT_SIZE: f64 = 14.0;
const PLOT_LEFT: f64 = 50.0;
const PLOT_RIGHT: f64 = 312.0;
const PLOT_TOP: f64 = 26.0;
const PLOT_BOTTOM: f64 = 196.0;
/// Room left and right of the first and last dot, so their value labels stay inside.
const PLOT_PADDING: f64 = 28.0;
const X_LABEL_Y: f64 = 218.0;
const HEIGHT_WITHOUT_LEGEND: f64 = 228.0;
const LEGEND_FIRST_Y: f64 = 248.0;
const LEGEND_ROW: f64 = 22.0;
/// The legend starts at the left edge, so that a note has the whole width.
const LEGEND_LEFT: f64 = 4.0;
/// About the width of "100%" in bold at the chart's font size.
const VALUE_LABEL_WIDTH: f64 = 44.0;
/// Gridline steps, in percentage points: the smallest that keeps five steps or fewer.
const STEPS: [f64; 7] = [1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0];

/// The series colour: 8.1:1 on white.
const SERIES: &str = "#1d4f91";
/// The target colour: 4.8:1 on white, 3.9:1 on the band (large enough for lines).
const TARGET: &str = "#b35900";
const BAND: &str = "#fbe3cc";
const TEXT: &str = "#1f1f1f";
const AXIS: &str = "#6b6b6b";
const GRID: &str = "#d9d9d9";

/// The chart as one `<svg>` element for inline use in HTML5: scales to its container
/// (`viewBox`, `width="100%"`), `role="img"` named by its `<title>` and `<desc>`.
pub fn kind_chart(chart: &KindChart) -> String {
    let prefix = id_prefix(&chart.id);
    let points = drawable_points(&chart.points);
    let targets = Targets::of(chart);
    let scale = Scale::of(&points, &targets);
    let legend = legend_rows(chart, &targets);
    let mut svg = svg_open(&prefix, chart_height(legend.len()));
    svg.push_str(&format!(
        r#"<title id="{prefix}-title">{}</title><desc id="{prefix}-desc">{}</desc>"#,
        escape(&chart.title),
        escape(&description(chart, &points, &targets)),
    ));
    svg.push_str(&band(&targets, &scale));
    svg.push_str(&gridlines(&scale));
    svg.push_str(&target_line(&targets, &scale));
    if let Some(note) = &chart.note {
        svg.push_str(&note_line(note, &points));
    }
    if points.is_empty() {
        svg.push_str(&no_data(&chart.no_data_label));
    } else {
        svg.push_str(&series(&points, &scale));
    }
    svg.push_str(&legend.concat());
    svg.push_str("</svg>");
    svg
}

/// The span of the value axis: whole steps around every value and target, within 0-100%.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scale {
    low: f64,
    high: f64,
    step: f64,
}

impl Scale {
    fn of(points: &[&ChartPoint], targets: &Targets) -> Scale {
        let values: Vec<f64> = points
            .iter()
            .map(|p| p.percent)
            .chain(targets.min)
            .chain(targets.band.into_iter().flat_map(|(low, high)| [low, high]))
            .map(|v| v.clamp(0.0, 100.0))
            .collect();
        let (Some(least), Some(most)) = (
            values.iter().copied().reduce(f64::min),
            values.iter().copied().reduce(f64::max),
        ) else {
            return Scale {
                low: 0.0,
                high: 100.0,
                step: 25.0,
            };
        };
        let span = (most - least).max(1.0);
        let step = STEPS
            .into_iter()
            .find(|step| span / step <= 4.0)
            .unwrap_or(25.0);
        let low = (((least - step / 2.0) / step).floor() * step).max(0.0);
        let high = (((most + step / 2.0) / step).ceil() * step).min(100.0);
        Scale { low, high, step }
    }

    /// The gridline values, lowest first.
    fn ticks(&self) -> Vec<f64> {
        let count = ((self.high - self.low) / self.step).round() as usize;
        (0..=count)
            .map(|i| self.low + self.step * i as f64)
            .collect()
    }

    /// The y of a percentage, clamped to the plot.
    fn y_of(&self, percent: f64) -> f64 {
        let span = (self.high - self.low).max(f64::EPSILON);
        let share = ((percent - self.low) / span).clamp(0.0, 1.0);
        PLOT_BOTTOM - share * (PLOT_BOTTOM - PLOT_TOP)
    }
}

/// A percentage the Vietnamese way, rounded to one decimal: "81,3%", "80%" for whole numbers.
/// Non-finite values (a share of zero families) give "—".
pub fn percent_vi(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_owned();
    }
    let tenths = (value * 10.0).round();
    let sign = if tenths < 0.0 { "-" } else { "" };
    // Saturating cast; shares are 0 to 100.
    let tenths = tenths.abs() as u64;
    match (tenths / 10, tenths % 10) {
        (whole, 0) => format!("{sign}{whole}%"),
        (whole, decimal) => format!("{sign}{whole},{decimal}%"),
    }
}

/// The targets that can be drawn: finite, and the band only with both ends and some width.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Targets {
    min: Option<f64>,
    band: Option<(f64, f64)>,
}

impl Targets {
    fn of(chart: &KindChart) -> Targets {
        let min = chart.target_min.filter(|v| v.is_finite());
        let stretch = chart.target_stretch.filter(|v| v.is_finite());
        let band = match (min, stretch) {
            (Some(low), Some(high)) if low != high => Some((low.min(high), low.max(high))),
            _ => None,
        };
        Targets { min, band }
    }
}

/// The points with a finite share, in order of round.
fn drawable_points(points: &[ChartPoint]) -> Vec<&ChartPoint> {
    let mut drawable: Vec<&ChartPoint> = points.iter().filter(|p| p.percent.is_finite()).collect();
    drawable.sort_by_key(|p| p.round);
    drawable
}

fn svg_open(prefix: &str, height: f64) -> String {
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="progress-chart" "#,
            r#"viewBox="0 0 {} {}" width="100%" role="img" "#,
            r#"aria-labelledby="{p}-title {p}-desc" font-family="inherit" font-size="{}" "#,
            r#"fill="{}">"#,
        ),
        num(WIDTH),
        num(height),
        num(FONT_SIZE),
        TEXT,
        p = prefix,
    )
}

fn chart_height(legend_rows: usize) -> f64 {
    match legend_rows {
        0 => HEIGHT_WITHOUT_LEGEND,
        rows => legend_y(rows - 1) + 12.0,
    }
}

/// The values in words: "Gia đình học tập được công nhận, tỷ lệ trên tổng số hộ: 2022: 78%;
/// 2023: 81,3%. Chỉ tiêu tối thiểu: 80%. Mức phấn đấu: 80%–90%."
fn description(chart: &KindChart, points: &[&ChartPoint], targets: &Targets) -> String {
    let subject = [chart.kind_label.trim(), chart.denominator_label.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let values = if points.is_empty() {
        chart.no_data_label.trim().to_owned()
    } else {
        let rounds: Vec<String> = points
            .iter()
            .map(|p| format!("{}: {}", p.round, percent_vi(p.percent)))
            .collect();
        rounds.join("; ")
    };
    let mut text = format!("{subject}: {values}.");
    if let Some(min) = targets.min {
        text.push_str(&format!(
            " {}: {}.",
            chart.target_label.trim(),
            percent_vi(min)
        ));
    }
    if let Some((low, high)) = targets.band {
        text.push_str(&format!(
            " {}: {}.",
            chart.stretch_label.trim(),
            range_vi(low, high)
        ));
    }
    text
}

fn range_vi(low: f64, high: f64) -> String {
    format!("{}–{}", percent_vi(low), percent_vi(high))
}

fn band(targets: &Targets, scale: &Scale) -> String {
    let Some((low, high)) = targets.band else {
        return String::new();
    };
    let (top, bottom) = (scale.y_of(high), scale.y_of(low));
    format!(
        concat!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
            r#"<line x1="{l}" y1="{t}" x2="{r}" y2="{t}" stroke="{}" stroke-dasharray="2 3"/>"#,
        ),
        num(PLOT_LEFT),
        num(top),
        num(PLOT_RIGHT - PLOT_LEFT),
        num(bottom - top),
        BAND,
        TARGET,
        l = num(PLOT_LEFT),
        r = num(PLOT_RIGHT),
        t = num(top),
    )
}

/// Horizontal lines at each step of the scale with their labels; the lowest is the darker axis.
fn gridlines(scale: &Scale) -> String {
    let mut out = String::new();
    for value in scale.ticks() {
        let y = scale.y_of(value);
        let stroke = if value == scale.low { AXIS } else { GRID };
        out.push_str(&format!(
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{stroke}"/><text x="{}" y="{}" text-anchor="end">{}</text>"#,
            num(PLOT_LEFT),
            num(PLOT_RIGHT),
            num(PLOT_LEFT - 6.0),
            num(y + 5.0),
            percent_vi(value),
            y = num(y),
        ));
    }
    out
}

fn target_line(targets: &Targets, scale: &Scale) -> String {
    let Some(min) = targets.min else {
        return String::new();
    };
    format!(
        r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>"#,
        num(PLOT_LEFT),
        num(PLOT_RIGHT),
        y = num(scale.y_of(min)),
    )
}

/// A dotted vertical line just before the noted round's dot, across the plot.
fn note_line(note: &ChartNote, points: &[&ChartPoint]) -> String {
    let Some(at) = points.iter().position(|p| p.round == note.round) else {
        return String::new();
    };
    let x = if at == 0 {
        x_of(0, points.len()) - PLOT_PADDING / 2.0
    } else {
        (x_of(at - 1, points.len()) + x_of(at, points.len())) / 2.0
    };
    format!(
        r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{AXIS}" stroke-width="1.5" stroke-dasharray="1 3"/>"#,
        num(PLOT_TOP),
        num(PLOT_BOTTOM),
        x = num(x),
    )
}

/// The line, a dot per round with its value above it, and the round below the axis.
///
/// When the dots are closer than a value label is wide, every second label goes below its dot
/// (unless that would reach the round labels under the axis).
fn series(points: &[&ChartPoint], scale: &Scale) -> String {
    let placed: Vec<(f64, f64, &ChartPoint)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| (x_of(i, points.len()), scale.y_of(p.percent), *p))
        .collect();
    let dense = x_of(1, points.len()) - x_of(0, points.len()) < VALUE_LABEL_WIDTH;
    let mut out = String::new();
    if placed.len() > 1 {
        let coords: Vec<String> = placed
            .iter()
            .map(|(x, y, _)| format!("{},{}", num(*x), num(*y)))
            .collect();
        out.push_str(&format!(
            r#"<polyline points="{}" fill="none" stroke="{SERIES}" stroke-width="2.5" stroke-linejoin="round"/>"#,
            coords.join(" ")
        ));
    }
    for (i, (x, y, point)) in placed.into_iter().enumerate() {
        let below = y + 21.0;
        let fits_below = below <= PLOT_BOTTOM - 4.0;
        let label_y = if dense && i % 2 == 1 && fits_below {
            below
        } else {
            y - 9.0
        };
        out.push_str(&dot(x, y, label_y, point));
    }
    out
}

fn dot(x: f64, y: f64, label_y: f64, point: &ChartPoint) -> String {
    format!(
        concat!(
            r##"<circle cx="{x}" cy="{y}" r="4" fill="{c}" stroke="#fff" stroke-width="1.5"/>"##,
            r#"<text x="{x}" y="{label_y}" text-anchor="middle" fill="{c}" font-weight="bold" "#,
            r##"stroke="#fff" stroke-width="3" paint-order="stroke">{value}</text>"##,
            r#"<text x="{x}" y="{round_y}" text-anchor="middle">{round}</text>"#,
        ),
        x = num(x),
        y = num(y),
        c = SERIES,
        label_y = num(label_y),
        value = percent_vi(point.percent),
        round_y = num(X_LABEL_Y),
        round = point.round,
    )
}

fn no_data(label: &str) -> String {
    format!(
        r#"<text x="{}" y="{}" text-anchor="middle" font-size="14">{}</text>"#,
        num((PLOT_LEFT + PLOT_RIGHT) / 2.0),
        num((PLOT_TOP + PLOT_BOTTOM) / 2.0),
        escape(label),
    )
}

/// One legend row per drawn target: the dashed line, then the band.
fn legend_rows(chart: &KindChart, targets: &Targets) -> Vec<String> {
    let mut texts = Vec::new();
    if let Some(min) = targets.min {
        let text = format!("{}: {}", chart.target_label.trim(), percent_vi(min));
        texts.push((Swatch::Dashed, text));
    }
    if let Some((low, high)) = targets.band {
        let text = format!("{}: {}", chart.stretch_label.trim(), range_vi(low, high));
        texts.push((Swatch::Band, text));
    }
    if let Some(note) = &chart.note {
        texts.push((Swatch::Note, note.text.trim().to_owned()));
    }
    texts
        .into_iter()
        .enumerate()
        .map(|(row, (swatch, text))| legend_row(legend_y(row), swatch, &text))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Swatch {
    Dashed,
    Band,
    Note,
}

fn legend_row(y: f64, swatch: Swatch, text: &str) -> String {
    let mark = match swatch {
        Swatch::Dashed => format!(
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>"#,
            num(LEGEND_LEFT),
            num(LEGEND_LEFT + 28.0),
            y = num(y - 4.0),
        ),
        Swatch::Band => format!(
            r#"<rect x="{}" y="{}" width="28" height="10" fill="{BAND}" stroke="{TARGET}" stroke-dasharray="2 3"/>"#,
            num(LEGEND_LEFT),
            num(y - 9.0),
        ),
        Swatch::Note => format!(
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{AXIS}" stroke-width="1.5" stroke-dasharray="1 3"/>"#,
            num(y - 13.0),
            num(y + 3.0),
            x = num(LEGEND_LEFT + 14.0),
        ),
    };
    format!(
        r#"{mark}<text x="{}" y="{}">{}</text>"#,
        num(LEGEND_LEFT + 36.0),
        num(y),
        escape(text),
    )
}

fn legend_y(row: usize) -> f64 {
    LEGEND_FIRST_Y + LEGEND_ROW * row as f64
}

/// The x of the `index`-th of `count` dots: evenly spread, a single dot in the middle.
fn x_of(index: usize, count: usize) -> f64 {
    let (left, right) = (PLOT_LEFT + PLOT_PADDING, PLOT_RIGHT - PLOT_PADDING);
    if count < 2 {
        return (left + right) / 2.0;
    }
    left + (right - left) * index as f64 / (count - 1) as f64
}

/// A coordinate with one fixed decimal, never "-0.0".
fn num(value: f64) -> String {
    let value = if value == 0.0 { 0.0 } else { value };
    format!("{value:.1}")
}

/// `text` safe in SVG text and attribute values inside HTML: `& < > " '` escaped, control
/// characters other than tab and newlines dropped.
fn escape(text: &str) -> String {
    crate::base::text::escape_markup(text)
}

/// Ids usable in `aria-labelledby` (a space-separated list): unsafe characters become `-`.
fn id_prefix(id: &str) -> String {
    let prefix: String = id
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' => c,
            _ => '-',
        })
        .collect();
    if prefix.is_empty() {
        "chart".to_owned()
    } else {
        prefix
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bac_ninh() -> KindChart {
        KindChart {
            id: "bac-ninh-gia-dinh".to_owned(),
            title: "Gia đình học tập, Bắc Ninh".to_owned(),
            kind_label: "Gia đình học tập được công nhận".to_owned(),
            points: vec![
                ChartPoint {
                    round: 2023,
                    percent: 81.305,
                },
                ChartPoint {
                    round: 2021,
                    percent: 75.2,
                },
                ChartPoint {
                    round: 2022,
                    percent: 78.0,
                },
            ],
            target_min: Some(80.0),
            target_stretch: Some(90.0),
            target_label: "Chỉ tiêu tối thiểu".to_owned(),
            stretch_label: "Mức phấn đấu".to_owned(),
            denominator_label: "tỷ lệ trên tổng số hộ gia đình".to_owned(),
            no_data_label: "Chưa có số liệu".to_owned(),
            note: None,
        }
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn percent_vi_uses_a_decimal_comma_and_one_decimal() {
        assert_eq!(percent_vi(81.3), "81,3%");
        assert_eq!(percent_vi(81.305), "81,3%");
        assert_eq!(percent_vi(81.36), "81,4%");
        assert_eq!(percent_vi(80.0), "80%");
        assert_eq!(percent_vi(79.96), "80%");
        assert_eq!(percent_vi(0.0), "0%");
        assert_eq!(percent_vi(-0.01), "0%");
        assert_eq!(percent_vi(-1.5), "-1,5%");
        assert_eq!(percent_vi(100.0), "100%");
        assert_eq!(percent_vi(f64::NAN), "—");
    }

    #[test]
    fn is_one_svg_element_for_html5() {
        let svg = kind_chart(&bac_ninh());
        assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg""#));
        assert!(svg.ends_with("</svg>"));
        assert_eq!(count(&svg, "<svg"), 1);
        assert!(!svg.contains("<?xml"));
        assert!(svg.contains(r#"width="100%""#));
        assert!(svg.contains(r#"viewBox="0 0 320.0 "#));
        let open_tag = &svg[..svg.find('>').unwrap()];
        assert!(
            !open_tag.contains("height=") && !open_tag.contains("px"),
            "{open_tag}"
        );
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn is_named_by_its_title_and_desc() {
        let svg = kind_chart(&bac_ninh());
        assert!(svg.contains(
            r#"role="img" aria-labelledby="bac-ninh-gia-dinh-title bac-ninh-gia-dinh-desc""#
        ));
        assert!(
            svg.contains(
                r#"<title id="bac-ninh-gia-dinh-title">Gia đình học tập, Bắc Ninh</title>"#
            )
        );
        assert!(svg.contains(concat!(
            r#"<desc id="bac-ninh-gia-dinh-desc">Gia đình học tập được công nhận, "#,
            "tỷ lệ trên tổng số hộ gia đình: 2021: 75,2%; 2022: 78%; 2023: 81,3%. ",
            "Chỉ tiêu tối thiểu: 80%. Mức phấn đấu: 80%–90%.</desc>"
        )));
    }

    #[test]
    fn ids_are_made_safe_for_aria_labelledby() {
        let mut chart = bac_ninh();
        chart.id = "Bắc Ninh \"x\"".to_owned();
        let svg = kind_chart(&chart);
        assert!(svg.contains(r#"aria-labelledby="B-c-Ninh--x--title B-c-Ninh--x--desc""#));
        chart.id = String::new();
        assert!(kind_chart(&chart).contains(r#"<title id="chart-title">"#));
    }

    #[test]
    fn has_a_dot_and_a_label_per_round_in_order() {
        let svg = kind_chart(&bac_ninh());
        assert_eq!(count(&svg, "<circle"), 3);
        assert_eq!(count(&svg, "<polyline"), 1);
        let order: Vec<usize> = ["2021", "2022", "2023"]
            .iter()
            .map(|round| svg.find(&format!(">{round}</text>")).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        for value in ["75,2%", "78%", "81,3%"] {
            assert!(svg.contains(&format!(">{value}</text>")), "{value}");
        }
    }

    /// The `y` of each value label, in order.
    fn value_label_ys(svg: &str) -> Vec<&str> {
        let segments: Vec<&str> = svg
            .split(r##"" text-anchor="middle" fill="#1d4f91""##)
            .collect();
        let before_each = &segments[..segments.len() - 1];
        before_each
            .iter()
            .map(|before| before.rsplit("y=\"").next().unwrap())
            .collect()
    }

    #[test]
    fn crowded_value_labels_alternate_above_and_below() {
        // Three rounds: every label 9 above its dot (dots at 160.6, 141.6, 119.1).
        assert_eq!(
            value_label_ys(&kind_chart(&bac_ninh())),
            ["151.6", "132.6", "110.1"]
        );
        let mut chart = bac_ninh();
        chart.points = (2016..=2025)
            .map(|round| ChartPoint {
                round,
                percent: 50.0,
            })
            .collect();
        let svg = kind_chart(&chart);
        let ys = value_label_ys(&svg);
        assert_eq!(ys.len(), 10);
        // The axis runs 40-100%: dots at 167.7, labels 9 above or 21 below.
        assert_eq!(ys[..4], ["158.7", "188.7", "158.7", "188.7"]);
        chart.points[1].percent = 5.0;
        let svg = kind_chart(&chart);
        assert_eq!(value_label_ys(&svg)[1], "178.5", "too low to go below");
    }

    #[test]
    fn a_single_round_is_a_dot_without_a_line() {
        let mut chart = bac_ninh();
        chart.points.truncate(1);
        let svg = kind_chart(&chart);
        assert_eq!(count(&svg, "<circle"), 1);
        assert_eq!(count(&svg, "<polyline"), 0);
    }

    #[test]
    fn the_axis_spans_the_values_and_targets_in_whole_steps() {
        // 75.2% to the 90% stretch target: steps of 5 from 70% to 95%.
        let svg = kind_chart(&bac_ninh());
        for label in ["70%", "75%", "80%", "85%", "90%", "95%"] {
            assert!(
                svg.contains(&format!(r#"text-anchor="end">{label}</text>"#)),
                "{label}"
            );
        }
        assert!(!svg.contains(r#"text-anchor="end">0%</text>"#));
        // 95% is at the top of the plot, 70% at the bottom.
        assert!(svg.contains(r#"y1="26.0" x2="312.0" y2="26.0""#));
        assert!(svg.contains(r#"y1="196.0" x2="312.0" y2="196.0""#));
    }

    #[test]
    fn a_change_of_two_points_shows() {
        let mut chart = bac_ninh();
        chart.points = vec![
            ChartPoint {
                round: 2024,
                percent: 81.0,
            },
            ChartPoint {
                round: 2025,
                percent: 83.0,
            },
        ];
        chart.target_stretch = None;
        let svg = kind_chart(&chart);
        // Steps of 1 from 79% to 84%: the two dots are 68 units apart, the target below both.
        assert!(svg.contains(r#"text-anchor="end">79%</text>"#));
        assert!(svg.contains(r#"text-anchor="end">84%</text>"#));
        assert!(svg.contains(r#"points="78.0,128.0 284.0,60.0""#), "{svg}");
    }

    #[test]
    fn a_note_marks_its_round_and_is_explained_in_the_legend() {
        let mut chart = bac_ninh();
        chart.note = Some(ChartNote {
            round: 2023,
            text: "Từ 2023: gồm cả <Bắc Giang>".to_owned(),
        });
        let svg = kind_chart(&chart);
        // Halfway between the 2022 and 2023 dots (181 and 284), across the plot.
        assert!(svg.contains(r#"<line x1="232.5" y1="26.0" x2="232.5" y2="196.0""#));
        assert!(svg.contains(">Từ 2023: gồm cả &lt;Bắc Giang&gt;</text>"));
        assert!(svg.contains(r#"viewBox="0 0 320.0 304.0""#));
    }

    #[test]
    fn text_is_large_enough_to_read_on_a_phone() {
        // 14 units in a 320-unit drawing shown 330 px wide (a 360 px screen): 14.4 px.
        let svg = kind_chart(&bac_ninh());
        assert!(svg.contains(r#"font-size="14.0""#));
        const { assert!(FONT_SIZE * 330.0 / WIDTH >= 12.0) };
    }

    #[test]
    fn target_is_dashed_and_band_only_with_a_stretch() {
        let with_band = kind_chart(&bac_ninh());
        assert!(with_band.contains(r#"stroke-dasharray="6 4""#));
        assert_eq!(count(&with_band, "<rect"), 2, "band and its legend swatch");
        assert!(with_band.contains(&format!(r#"fill="{BAND}""#)));

        let mut chart = bac_ninh();
        chart.target_stretch = None;
        let without = kind_chart(&chart);
        assert!(without.contains(r#"stroke-dasharray="6 4""#));
        assert_eq!(count(&without, "<rect"), 0);
        assert!(!without.contains("Mức phấn đấu"));

        chart.target_min = None;
        chart.target_stretch = Some(90.0);
        let neither = kind_chart(&chart);
        assert!(!neither.contains("stroke-dasharray"));
        assert!(!neither.contains("Chỉ tiêu"));
    }

    #[test]
    fn legend_rows_make_the_chart_taller() {
        let mut chart = bac_ninh();
        assert!(kind_chart(&chart).contains(r#"viewBox="0 0 320.0 282.0""#));
        chart.target_stretch = None;
        assert!(kind_chart(&chart).contains(r#"viewBox="0 0 320.0 260.0""#));
        chart.target_min = None;
        assert!(kind_chart(&chart).contains(r#"viewBox="0 0 320.0 228.0""#));
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<b>"Tôm" & 'Cá'</b>"#),
            "&lt;b&gt;&quot;Tôm&quot; &amp; &#39;Cá&#39;&lt;/b&gt;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c\nd"), "abc\nd");
        assert_eq!(escape("Bắc Ninh"), "Bắc Ninh");
    }

    #[test]
    fn every_text_is_escaped() {
        let hostile = r#"<script>"&'</script>"#;
        let chart = KindChart {
            title: hostile.to_owned(),
            kind_label: hostile.to_owned(),
            target_label: hostile.to_owned(),
            stretch_label: hostile.to_owned(),
            denominator_label: hostile.to_owned(),
            no_data_label: hostile.to_owned(),
            points: Vec::new(),
            ..bac_ninh()
        };
        let svg = kind_chart(&chart);
        assert!(!svg.contains("<script"));
        assert!(!svg.contains(r#""&'"#));
        assert!(svg.contains("&lt;script&gt;&quot;&amp;&#39;&lt;/script&gt;"));
    }

    #[test]
    fn no_points_says_no_data() {
        let mut chart = bac_ninh();
        chart.points.clear();
        let svg = kind_chart(&chart);
        assert_eq!(count(&svg, "<circle"), 0);
        assert!(svg.contains(r#"font-size="14">Chưa có số liệu</text>"#));
        assert!(svg.contains(": Chưa có số liệu. Chỉ tiêu tối thiểu: 80%."));
    }

    #[test]
    fn non_finite_values_are_left_out() {
        let mut chart = bac_ninh();
        chart.points = vec![ChartPoint {
            round: 2024,
            percent: f64::NAN,
        }];
        chart.target_min = Some(f64::INFINITY);
        let svg = kind_chart(&chart);
        assert!(svg.contains("Chưa có số liệu"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert!(!svg.contains("stroke-dasharray"));
    }

    #[test]
    fn values_outside_0_to_100_stay_inside_the_plot() {
        let mut chart = bac_ninh();
        chart.points = vec![
            ChartPoint {
                round: 2021,
                percent: -5.0,
            },
            ChartPoint {
                round: 2022,
                percent: 104.0,
            },
        ];
        let svg = kind_chart(&chart);
        assert!(svg.contains(r#"points="78.0,196.0 284.0,26.0""#));
        assert!(svg.contains(">104%</text>"));
    }

    #[test]
    fn numbers_are_formatted_the_same_every_time() {
        assert_eq!(num(-0.0), "0.0");
        assert_eq!(num(1.0 / 3.0), "0.3");
        let svg = kind_chart(&bac_ninh());
        assert_eq!(svg, kind_chart(&bac_ninh()));
        let mut reordered = bac_ninh();
        reordered.points.reverse();
        assert_eq!(svg, kind_chart(&reordered));
        assert!(svg.contains(r#"<circle cx="284.0" cy="119.1""#));
    }
}
