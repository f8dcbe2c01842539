//! Shortcodes: embeds a writer can put in Markdown, each on a line of its own, validated before
//! anything is written and rendered to markup whitecoat writes itself (every value escaped, no
//! third-party script):
//!
//! - `{{< booking >}}`, `{{< booking location="Westside clinic" label="Book a visit" >}}`: a button
//!   to the profile's (or the office's) `booking_url`, naming the booking service it opens;
//! - `{{< video youtube="ID" title="…" transcript="/echo-transcript/" >}}` (through
//!   youtube-nocookie.com) or `{{< video src="/videos/echo.mp4" captions="/videos/echo.vtt" title="…" >}}`
//!   (a file under `static/`): a caption track or a transcript is required;
//! - `{{< callout kind="note|tip|warning|emergency" >}} Markdown {{< /callout >}}`: the emergency
//!   one always says to call 911;
//! - `{{< map >}}`, `{{< map location="Westside clinic" >}}`: the office's address with links to
//!   open it in a map service; no map script or tile is loaded.
//!
//! Shortcodes are not expanded in reviews (patient content), and not inside code blocks.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark_escape::escape_href;

use crate::config::Location;

/// What shortcodes may refer to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The profile's `booking_url`.
    pub booking_url: Option<&'a str>,
    /// The practice's offices.
    pub locations: &'a [Location],
    /// The site's `static/` folder, to check that videos and caption files exist (check stage only).
    pub static_dir: Option<&'a Path>,
    /// The site's language (`lang` of caption tracks).
    pub language: &'a str,
}

impl<'a> Context<'a> {
    /// What `site`'s shortcodes refer to; `static_dir` to check files exist (the check stage).
    pub fn of(site: &'a crate::model::Site, static_dir: Option<&'a Path>) -> Self {
        Self {
            booking_url: site.profile.booking_url.as_ref().map(|b| b.value.as_str()),
            locations: &site.config.practice.locations,
            static_dir,
            language: &site.config.language,
        }
    }
}

/// A shortcode as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// `booking`, `video`, `callout`, `map`, or whatever was written.
    pub name: String,
    /// `key="value"` arguments in order.
    pub args: Vec<Arg>,
    /// The whole call in the Markdown (for a callout, from its opening to its closing line).
    pub range: Range<usize>,
    /// The opening line.
    pub opening: Range<usize>,
    /// The Markdown between a callout's opening and closing lines.
    pub body: Option<Range<usize>>,
}

/// One `key="value"` argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// The key.
    pub key: String,
    /// The value, unquoted.
    pub value: String,
    /// Where it is in the Markdown.
    pub range: Range<usize>,
}

/// A mistake in a shortcode, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Byte range in the Markdown.
    pub range: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// The label under the snippet.
    pub label: String,
    /// How to fix it.
    pub help: String,
}

impl Problem {
    fn new(range: Range<usize>, message: impl Into<String>, label: &str, help: impl Into<String>) -> Self {
        Self { range, message: message.into(), label: label.to_string(), help: help.into() }
    }
}

/// The shortcodes there are, with their arguments: the help of an unknown one lists them.
const KNOWN: [(&str, &[&str]); 4] = [
    ("booking", &["location", "label"]),
    ("video", &["youtube", "src", "title", "captions", "transcript", "captioned", "poster"]),
    ("callout", &["kind", "title"]),
    ("map", &["location"]),
];

/// Callout kinds and their headings.
const CALLOUTS: [(&str, &str); 4] =
    [("note", "Note"), ("tip", "Tip"), ("warning", "Warning"), ("emergency", "Emergency")];

/// Booking services by host, to name the service a booking button opens.
const BOOKING_SERVICES: [(&str, &str); 12] = [
    ("zocdoc.com", "Zocdoc"),
    ("healow.com", "healow"),
    ("nexhealth.com", "NexHealth"),
    ("calendly.com", "Calendly"),
    ("solvhealth.com", "Solv"),
    ("athenahealth.com", "athenahealth"),
    ("mychart.com", "MyChart"),
    ("phreesia.net", "Phreesia"),
    ("luma.app", "Luma Health"),
    ("doctolib.com", "Doctolib"),
    ("acuityscheduling.com", "Acuity Scheduling"),
    ("squareup.com", "Square Appointments"),
];

/// Every shortcode in `text` outside code blocks, and the mistakes in writing them.
pub fn find(text: &str) -> (Vec<Call>, Vec<Problem>) {
    let mut calls = Vec::new();
    let mut problems = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut open: Option<Call> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if let Some(marker) = fence_marker(trimmed) {
            match fence {
                None => fence = Some(marker),
                Some((c, n)) if marker.0 == c && marker.1 >= n && trimmed.trim_start_matches(c).trim().is_empty() => {
                    fence = None
                }
                Some(_) => {}
            }
            continue;
        }
        if fence.is_some() || content.starts_with("    ") || content.starts_with('\t') {
            continue;
        }
        let Some(at) = content.find("{{<") else { continue };
        let call_start = start + at;
        if !content[..at].trim().is_empty() {
            problems.push(Problem::new(
                call_start..start + content.len(),
                "a shortcode must be on a line of its own",
                "text before the shortcode",
                "put the shortcode on its own line, with a blank line before and after it",
            ));
            continue;
        }
        let Some(end) = content.find(">}}") else {
            problems.push(Problem::new(
                call_start..start + content.len(),
                "this shortcode is not closed with `>}}`",
                "unclosed",
                "end it on the same line: {{< name key=\"value\" >}}",
            ));
            continue;
        };
        if !content[end + 3..].trim().is_empty() {
            problems.push(Problem::new(
                call_start..start + content.len(),
                "a shortcode must be on a line of its own",
                "text after the shortcode",
                "put the text after the shortcode on its own line",
            ));
            continue;
        }
        let inner_start = call_start + 3;
        let inner = &text[inner_start..start + end];
        let opening = call_start..start + end + 3;
        if let Some(closing) = inner.trim().strip_prefix('/') {
            match open.take() {
                Some(mut call) if closing.trim() == call.name => {
                    call.body = Some(call.opening.end..call_start);
                    call.range.end = opening.end;
                    calls.push(call);
                }
                Some(call) => {
                    problems.push(Problem::new(
                        opening,
                        format!("`{{{{< /{} >}}}}` closes a shortcode that is not open", closing.trim()),
                        "nothing to close",
                        format!("close the `{}` above with {{{{< /{} >}}}}", call.name, call.name),
                    ));
                    open = Some(call);
                }
                None => problems.push(Problem::new(
                    opening,
                    format!("`{{{{< /{} >}}}}` closes a shortcode that is not open", closing.trim()),
                    "nothing to close",
                    "remove it, or open the callout above it with {{< callout kind=\"note\" >}}",
                )),
            }
            continue;
        }
        match parse_call(inner, inner_start) {
            Ok((name, args)) => {
                let call = Call { name, args, range: opening.clone(), opening, body: None };
                if call.name == "callout" {
                    if let Some(outer) = open.replace(call) {
                        problems.push(Problem::new(
                            outer.opening.clone(),
                            "a callout cannot contain another callout",
                            "this callout is still open",
                            "close it with {{< /callout >}} before the next one",
                        ));
                    }
                } else if let Some(outer) = &open {
                    // A callout's text renders as Markdown only: a shortcode there would show as
                    // its source, and its range would overlap the callout's.
                    problems.push(Problem::new(
                        call.opening,
                        format!("a `{}` shortcode cannot be inside a callout", call.name),
                        "inside a callout",
                        format!("close the `{}` above with {{{{< /callout >}}}} first, then put this shortcode on its own line after it", outer.name),
                    ));
                } else {
                    calls.push(call);
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    if let Some(call) = open {
        problems.push(Problem::new(
            call.opening,
            "this callout is never closed",
            "opened here",
            "end the callout's text with a line {{< /callout >}}",
        ));
    }
    calls.sort_by_key(|c| c.range.start);
    (calls, problems)
}

/// The fence character and length of a fenced code block's opening or closing line.
fn fence_marker(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = line.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// The name and arguments between `{{<` and `>}}`; `at` is where `inner` starts in the Markdown.
fn parse_call(inner: &str, at: usize) -> Result<(String, Vec<Arg>), Problem> {
    let name_start = inner.len() - inner.trim_start().len();
    let name_len = inner[name_start..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(inner.len() - name_start);
    let name = &inner[name_start..name_start + name_len];
    let whole = at - 3..at + inner.len() + 3;
    if name.is_empty() {
        return Err(Problem::new(whole, "a shortcode without a name", "no name", known_help()));
    }
    let mut args = Vec::new();
    let mut rest = name_start + name_len;
    loop {
        let skipped = inner[rest..].len() - inner[rest..].trim_start().len();
        rest += skipped;
        if rest >= inner.len() {
            break;
        }
        let arg_start = rest;
        let eq = inner[rest..].find('=').map(|i| rest + i);
        let Some(eq) = eq.filter(|eq| !inner[rest..*eq].contains(char::is_whitespace)) else {
            let word_end = inner[rest..].find(char::is_whitespace).map_or(inner.len(), |i| rest + i);
            return Err(Problem::new(
                at + rest..at + word_end,
                format!("`{}` is not a `key=\"value\"` argument", &inner[rest..word_end]),
                "expected key=\"value\"",
                format!("write arguments as key=\"value\", e.g. {{{{< {name} {}=\"…\" >}}}}", first_key(name)),
            ));
        };
        let key = inner[rest..eq].to_string();
        let after = &inner[eq + 1..];
        let (value, used) = match after.chars().next() {
            Some(q @ ('"' | '\'' | '“' | '”')) => {
                let closing: &[char] = if q == '“' || q == '”' { &['”', '“'] } else { &[q] };
                match after[q.len_utf8()..].find(closing) {
                    Some(i) => {
                        let close = after[q.len_utf8() + i..].chars().next().map_or(1, char::len_utf8);
                        (after[q.len_utf8()..q.len_utf8() + i].to_string(), q.len_utf8() + i + close)
                    }
                    None => {
                        return Err(Problem::new(
                            at + arg_start..at + inner.len(),
                            format!("the value of `{key}` has no closing quote"),
                            "unclosed quote",
                            format!("close it: {key}=\"…\""),
                        ));
                    }
                }
            }
            _ => {
                let n = after.find(char::is_whitespace).unwrap_or(after.len());
                (after[..n].to_string(), n)
            }
        };
        rest = eq + 1 + used;
        args.push(Arg { key, value, range: at + arg_start..at + rest });
    }
    Ok((name.to_string(), args))
}

fn first_key(name: &str) -> &'static str {
    KNOWN.iter().find(|(n, _)| *n == name).and_then(|(_, keys)| keys.first().copied()).unwrap_or("key")
}

fn known_help() -> String {
    let names: Vec<String> = KNOWN.iter().map(|(n, _)| format!("`{n}`")).collect();
    format!("the shortcodes are {} (see the README, \"Embeds\")", names.join(", "))
}

/// A shortcode that passed validation, ready to render.
#[derive(Debug, Clone)]
pub enum Embed {
    /// A booking button.
    Booking {
        /// Where it goes.
        url: String,
        /// The service it opens, by name (or its host).
        service: String,
        /// The button's text.
        label: String,
    },
    /// A video with captions or a transcript.
    Video(Video),
    /// A highlighted box of Markdown.
    Callout {
        /// `note`, `tip`, `warning` or `emergency`.
        kind: &'static str,
        /// Its heading.
        title: String,
        /// The Markdown inside.
        body: Range<usize>,
    },
    /// An office's address with map links.
    Map(Location),
}

/// A video and what makes it accessible.
#[derive(Debug, Clone, PartialEq)]
pub struct Video {
    /// The YouTube id, or `None` for a file of the site.
    pub youtube: Option<String>,
    /// The site path of a video file.
    pub src: Option<String>,
    /// What the video is (the frame's accessible name and the caption).
    pub title: String,
    /// The site path of a WebVTT caption file.
    pub captions: Option<String>,
    /// Where the transcript is.
    pub transcript: Option<String>,
    /// A poster image (site path) for a video file.
    pub poster: Option<String>,
}

/// Validates `call` against the site; the first problem found otherwise.
pub fn resolve(call: &Call, text: &str, context: &Context<'_>) -> Result<Embed, Problem> {
    let Some((_, keys)) = KNOWN.iter().find(|(name, _)| *name == call.name) else {
        let suggestion = crate::model::fields::did_you_mean(&call.name, KNOWN.iter().map(|(n, _)| *n));
        return Err(Problem::new(
            call.opening.clone(),
            format!("`{}` is not a shortcode", call.name),
            "unknown shortcode",
            match suggestion {
                Some(s) => format!("did you mean `{s}`? {}", known_help()),
                None => known_help(),
            },
        ));
    };
    let mut seen: Vec<&str> = Vec::new();
    for arg in &call.args {
        if !keys.contains(&arg.key.as_str()) {
            let list: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
            return Err(Problem::new(
                arg.range.clone(),
                format!("`{}` takes no `{}` argument", call.name, arg.key),
                "unknown argument",
                format!("`{}` takes {}", call.name, list.join(", ")),
            ));
        }
        if seen.contains(&arg.key.as_str()) {
            return Err(Problem::new(arg.range.clone(), format!("`{}` is given twice", arg.key), "again", "keep one"));
        }
        seen.push(&arg.key);
    }
    let arg = |key: &str| call.args.iter().find(|a| a.key == key);
    match call.name.as_str() {
        "booking" => booking(call, context, arg("location"), arg("label")),
        "video" => video(call, context, &arg),
        "callout" => {
            let kind = arg("kind").map_or("note", |a| a.value.as_str());
            let Some((kind, heading)) = CALLOUTS.iter().find(|(k, _)| *k == kind) else {
                let range = arg("kind").map_or(call.opening.clone(), |a| a.range.clone());
                return Err(Problem::new(
                    range,
                    format!("`{kind}` is not a callout kind"),
                    "unknown kind",
                    "use kind=\"note\", \"tip\", \"warning\" or \"emergency\"",
                ));
            };
            let body = call.body.clone().unwrap_or(call.opening.end..call.opening.end);
            if text[body.clone()].trim().is_empty() {
                return Err(Problem::new(
                    call.opening.clone(),
                    "this callout is empty",
                    "nothing inside",
                    "write its text between {{< callout … >}} and {{< /callout >}}",
                ));
            }
            let title = arg("title").map_or_else(|| heading.to_string(), |a| a.value.clone());
            Ok(Embed::Callout { kind, title, body })
        }
        _ => location(call, context, arg("location")).map(|l| Embed::Map(l.clone())),
    }
}

fn location<'a>(call: &Call, context: &Context<'a>, wanted: Option<&Arg>) -> Result<&'a Location, Problem> {
    let names: Vec<String> = context.locations.iter().map(|l| format!("\"{}\"", l.name)).collect();
    match wanted {
        None => context.locations.first().ok_or_else(|| {
            Problem::new(
                call.opening.clone(),
                format!("`{}` needs an office, and site.toml has none", call.name),
                "no office",
                "add the office under [[practice.locations]] in site.toml",
            )
        }),
        Some(arg) => {
            context.locations.iter().find(|l| l.name.eq_ignore_ascii_case(arg.value.trim())).ok_or_else(|| {
                Problem::new(
                    arg.range.clone(),
                    format!("no office is named \"{}\"", arg.value),
                    "unknown office",
                    if names.is_empty() {
                        "add the office under [[practice.locations]] in site.toml".to_string()
                    } else {
                        format!("the offices in site.toml are {}", names.join(", "))
                    },
                )
            })
        }
    }
}

fn booking(call: &Call, context: &Context<'_>, office: Option<&Arg>, label: Option<&Arg>) -> Result<Embed, Problem> {
    let office_url = match office {
        Some(_) => location(call, context, office)?.booking_url.as_deref(),
        None => None,
    };
    let Some(url) = office_url.or(context.booking_url) else {
        return Err(Problem::new(
            call.opening.clone(),
            "there is no booking link to point this button at",
            "no booking_url",
            "set booking_url in content/profile.md's front matter (or under the office in site.toml)",
        ));
    };
    let service = url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string)).map_or_else(
        || url.to_string(),
        |host| {
            let host = host.trim_start_matches("www.");
            BOOKING_SERVICES
                .iter()
                .find(|(domain, _)| host == *domain || host.ends_with(&format!(".{domain}")))
                .map_or_else(|| host.to_string(), |(_, name)| name.to_string())
        },
    );
    let label = label.map_or_else(|| "Book an appointment".to_string(), |l| l.value.clone());
    Ok(Embed::Booking { url: url.to_string(), service, label })
}

fn video<'c>(call: &'c Call, context: &Context<'_>, arg: &dyn Fn(&str) -> Option<&'c Arg>) -> Result<Embed, Problem> {
    let title = match arg("title") {
        Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
        _ => {
            return Err(Problem::new(
                call.opening.clone(),
                "a video needs a title",
                "no title",
                "add title=\"What the video shows\": screen readers announce it, and it is the video's caption",
            ));
        }
    };
    let youtube = match (arg("youtube"), arg("src")) {
        (Some(_), Some(src)) => {
            return Err(Problem::new(
                src.range.clone(),
                "a video is either from YouTube or a file, not both",
                "both given",
                "keep youtube=\"…\" or src=\"…\"",
            ));
        }
        (None, None) => {
            return Err(Problem::new(
                call.opening.clone(),
                "a video needs youtube=\"…\" or src=\"…\"",
                "no video",
                "give the YouTube address or id (youtube=\"https://youtu.be/…\"), or a file under static/ (src=\"/videos/clip.mp4\")",
            ));
        }
        (Some(y), None) => Some(youtube_id(&y.value).ok_or_else(|| {
            Problem::new(
                y.range.clone(),
                format!("`{}` is not a YouTube video address or id", y.value),
                "not a YouTube video",
                "copy the address from YouTube's Share button (https://youtu.be/…), or give the 11-character id",
            )
        })?),
        (None, Some(_)) => None,
    };
    let src = arg("src").map(|a| site_file(a, context, &["mp4", "webm", "m4v", "ogv"])).transpose()?;
    let captions = arg("captions").map(|a| site_file(a, context, &["vtt"])).transpose()?;
    let poster = arg("poster").map(|a| site_file(a, context, &["jpg", "jpeg", "png", "webp"])).transpose()?;
    let transcript = arg("transcript").map(|a| a.value.trim().to_string()).filter(|t| !t.is_empty());
    if let Some(t) = arg("transcript")
        && let Some(scheme) = crate::markdown::safety::refused_scheme(&t.value)
    {
        return Err(Problem::new(
            t.range.clone(),
            format!("a `{scheme}:` transcript address"),
            "refused",
            "link to a page of the site or an https address",
        ));
    }
    if youtube.is_some() && captions.is_some() {
        return Err(Problem::new(
            arg("captions").map_or(call.opening.clone(), |a| a.range.clone()),
            "a caption file cannot be attached to a YouTube video",
            "YouTube video",
            "upload the captions to YouTube and write captioned=\"true\", or give a transcript=\"…\"",
        ));
    }
    let captioned = arg("captioned").is_some_and(|a| a.value == "true");
    let accessible = transcript.is_some() || captions.is_some() || (youtube.is_some() && captioned);
    if !accessible {
        return Err(Problem::new(
            call.opening.clone(),
            "a video needs captions or a transcript (WCAG 1.2.2)",
            "no captions or transcript",
            if youtube.is_some() {
                "add transcript=\"/page-with-the-transcript/\", or captioned=\"true\" once the video has captions on YouTube (they are then shown by default)"
            } else {
                "add captions=\"/videos/clip.vtt\" (a WebVTT file under static/) or transcript=\"/page-with-the-transcript/\""
            },
        ));
    }
    Ok(Embed::Video(Video { youtube, src, title, captions, transcript, poster }))
}

/// The id of a YouTube video from an id, a watch/embed/shorts address or a youtu.be link.
fn youtube_id(value: &str) -> Option<String> {
    let value = value.trim();
    let is_id = |s: &str| s.len() == 11 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if is_id(value) {
        return Some(value.to_string());
    }
    let url = url::Url::parse(value).ok()?;
    let host = url.host_str()?.trim_start_matches("www.").trim_start_matches("m.");
    let id = match host {
        "youtu.be" => url.path_segments()?.next()?.to_string(),
        "youtube.com" | "youtube-nocookie.com" => match url.path() {
            "/watch" => url.query_pairs().find(|(k, _)| k == "v")?.1.into_owned(),
            path => {
                let mut parts = path.trim_start_matches('/').split('/');
                match parts.next()? {
                    "embed" | "shorts" | "live" | "v" => parts.next()?.to_string(),
                    _ => return None,
                }
            }
        },
        _ => return None,
    };
    is_id(&id).then_some(id)
}

/// A file of the site given as a site path (`/videos/clip.mp4`), which must exist under `static/`.
fn site_file(arg: &Arg, context: &Context<'_>, extensions: &[&str]) -> Result<String, Problem> {
    let value = arg.value.trim();
    let relative = value.trim_start_matches('/');
    let extension = relative.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let list: Vec<String> = extensions.iter().map(|e| format!(".{e}")).collect();
    if value.contains("://") || value.starts_with("//") || relative.split('/').any(|p| p == "..") || relative.is_empty()
    {
        return Err(Problem::new(
            arg.range.clone(),
            format!("`{}` must be a file of the site", arg.key),
            "not a site path",
            format!(
                "put the file under static/ and write its path from there, e.g. {}=\"/videos/clip{}\"",
                arg.key, list[0]
            ),
        ));
    }
    if !extensions.contains(&extension.as_str()) {
        return Err(Problem::new(
            arg.range.clone(),
            format!("`{}` must be a {} file", arg.key, list.join(" or ")),
            "wrong kind of file",
            if arg.key == "captions" {
                "convert the captions to WebVTT (.vtt); most caption editors export it".to_string()
            } else {
                format!("use a {} file", list.join(" or "))
            },
        ));
    }
    if let Some(dir) = context.static_dir
        && !dir.join(relative).is_file()
    {
        return Err(Problem::new(
            arg.range.clone(),
            format!("static/{relative} does not exist"),
            "no such file",
            format!("put the file at static/{relative} (files under static/ are published as they are)"),
        ));
    }
    Ok(format!("/{relative}"))
}

/// The HTML of `embed`; `markdown` renders a callout's body.
pub fn html(embed: &Embed, language: &str, markdown: &dyn Fn(Range<usize>) -> String) -> String {
    let mut out = String::new();
    let esc = super::escape_html;
    let href = |s: &str| {
        let mut e = String::new();
        let _ = escape_href(&mut e, s);
        super::escape_html(&e)
    };
    match embed {
        Embed::Booking { url, service, label } => {
            let _ = writeln!(
                out,
                "<p class=\"booking\"><a class=\"button button-primary\" href=\"{}\" rel=\"noopener\">{}</a> <span class=\"booking-service\">Booking opens {}, a separate service.</span></p>",
                href(url),
                esc(label),
                esc(service)
            );
        }
        Embed::Video(video) => {
            out.push_str("<figure class=\"video\">\n");
            if let Some(id) = &video.youtube {
                let _ = writeln!(
                    out,
                    "<div class=\"video-frame\"><iframe src=\"https://www.youtube-nocookie.com/embed/{id}?cc_load_policy=1&amp;rel=0\" title=\"{}\" loading=\"lazy\" allow=\"encrypted-media; picture-in-picture; fullscreen\" referrerpolicy=\"strict-origin-when-cross-origin\" allowfullscreen></iframe></div>",
                    esc(&video.title)
                );
            } else if let Some(src) = &video.src {
                let poster = video.poster.as_ref().map(|p| format!(" poster=\"{}\"", href(p))).unwrap_or_default();
                let _ = write!(out, "<video controls preload=\"metadata\"{poster} src=\"{}\">", href(src));
                if let Some(captions) = &video.captions {
                    let _ = write!(
                        out,
                        "<track kind=\"captions\" src=\"{}\" srclang=\"{}\" label=\"Captions\" default>",
                        href(captions),
                        esc(language)
                    );
                }
                let _ = writeln!(out, "<a href=\"{}\">Download the video</a></video>", href(src));
            }
            let _ = write!(out, "<figcaption>{}", esc(&video.title));
            if let Some(transcript) = &video.transcript {
                let _ = write!(out, " · <a href=\"{}\">Read the transcript</a>", href(transcript));
            }
            out.push_str("</figcaption>\n</figure>\n");
        }
        Embed::Callout { kind, title, body } => {
            let _ = write!(
                out,
                "<div class=\"callout callout-{kind}\" role=\"note\">\n<p class=\"callout-title\"><strong>{}</strong></p>\n",
                esc(title)
            );
            if *kind == "emergency" {
                out.push_str("<p class=\"callout-emergency-call\">If you think you are having a medical emergency, <a href=\"tel:911\">call 911</a> now or go to the nearest emergency room. Do not wait for a reply from this website or the office.</p>\n");
            }
            out.push_str(&markdown(body.clone()));
            out.push_str("</div>\n");
        }
        Embed::Map(location) => {
            let address =
                [location.street.as_str(), &format!("{} {} {}", location.city, location.region, location.postal_code)]
                    .iter()
                    .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
            let query: String = url::form_urlencoded::byte_serialize(address.as_bytes()).collect();
            let _ = write!(out, "<figure class=\"map\">\n<address>");
            if !location.name.is_empty() {
                let _ = write!(out, "<strong>{}</strong><br>", esc(&location.name));
            }
            let _ = write!(
                out,
                "{}<br>{}, {} {}</address>\n<figcaption>Open in <a href=\"https://www.openstreetmap.org/search?query={query}\">OpenStreetMap</a>, <a href=\"https://www.google.com/maps/search/?api=1&amp;query={query}\">Google Maps</a> or <a href=\"https://maps.apple.com/?q={query}\">Apple Maps</a> (each a separate service).</figcaption>\n</figure>\n",
                esc(&location.street),
                esc(&location.city),
                esc(&location.region),
                esc(&location.postal_code)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office(name: &str, booking: Option<&str>) -> Location {
        Location {
            name: name.into(),
            street: "100 Harbor Way".into(),
            city: "Springfield".into(),
            region: "IL".into(),
            postal_code: "62701".into(),
            booking_url: booking.map(str::to_string),
            ..Location::default()
        }
    }

    fn one(text: &str, context: &Context<'_>) -> Result<Embed, Problem> {
        let (calls, problems) = find(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(calls.len(), 1, "{calls:?}");
        resolve(&calls[0], text, context)
    }

    /// Regression (fuzz crash): a shortcode inside a callout made two overlapping calls, and
    /// rendering sliced the text backwards.
    #[test]
    fn a_shortcode_inside_a_callout_is_a_problem_not_an_overlapping_call() {
        let text = "{{< callout kind=\"note\" >}}\nCall us.\n\n{{< booking >}}\n\n{{< /callout >}}\n\n{{< map >}}\n";
        let (calls, problems) = find(text);
        let names: Vec<&str> = calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["callout", "map"]);
        assert!(calls.windows(2).all(|w| w[0].range.end <= w[1].range.start), "{calls:?}");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(&text[problems[0].range.clone()], "{{< booking >}}");
        assert!(problems[0].message.contains("inside a callout"), "{problems:?}");
    }

    #[test]
    fn finds_calls_and_arguments_but_not_in_code() {
        let text = "Intro\n\n{{< video youtube=\"dQw4w9WgXcQ\" title='A “test”' captioned=true >}}\n\n```\n{{< map >}}\n```\n\n    {{< map >}}\n";
        let (calls, problems) = find(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(calls.len(), 1);
        let keys: Vec<(&str, &str)> = calls[0].args.iter().map(|a| (a.key.as_str(), a.value.as_str())).collect();
        assert_eq!(keys, [("youtube", "dQw4w9WgXcQ"), ("title", "A “test”"), ("captioned", "true")]);
        assert_eq!(&text[calls[0].args[0].range.clone()], "youtube=\"dQw4w9WgXcQ\"");
    }

    #[test]
    fn callouts_take_the_markdown_up_to_their_closing_line() {
        let text = "{{< callout kind=\"warning\" >}}\nStop **now**.\n{{< /callout >}}\nAfter\n";
        let (calls, problems) = find(text);
        assert!(problems.is_empty(), "{problems:?}");
        let body = calls[0].body.clone().expect("a body");
        assert_eq!(text[body].trim(), "Stop **now**.");
        assert_eq!(&text[calls[0].range.clone()], "{{< callout kind=\"warning\" >}}\nStop **now**.\n{{< /callout >}}");
        let (_, problems) = find("{{< callout >}}\nNever closed\n");
        assert_eq!(problems[0].message, "this callout is never closed");
        let (_, problems) = find("{{< /callout >}}\n");
        assert!(problems[0].message.contains("not open"), "{problems:?}");
    }

    #[test]
    fn writing_mistakes_are_problems_at_their_place() {
        for (text, message) in [
            ("See {{< map >}} here\n", "a shortcode must be on a line of its own"),
            ("{{< map location=\"x\"\n", "this shortcode is not closed with `>}}`"),
            ("{{< video title=\"x >}}\n", "the value of `title` has no closing quote"),
            ("{{< booking now >}}\n", "`now` is not a `key=\"value\"` argument"),
        ] {
            let (calls, problems) = find(text);
            assert!(calls.is_empty(), "{text}: {calls:?}");
            assert_eq!(problems.len(), 1, "{text}: {problems:?}");
            assert_eq!(problems[0].message, message, "{text}");
        }
    }

    #[test]
    fn unknown_names_and_arguments_say_what_there_is() {
        let context = Context::default();
        let problem = one("{{< vidoe title=\"x\" >}}\n", &context).expect_err("unknown");
        assert!(problem.help.starts_with("did you mean `video`?"), "{problem:?}");
        let problem = one("{{< map colour=\"red\" >}}\n", &context).expect_err("unknown argument");
        assert_eq!(problem.message, "`map` takes no `colour` argument");
        assert_eq!(problem.help, "`map` takes `location`");
    }

    #[test]
    fn booking_uses_the_office_then_the_profile_and_names_the_service() {
        let offices = [office("Main office", None), office("Westside", Some("https://www.zocdoc.com/practice/x"))];
        let context = Context {
            booking_url: Some("https://book.example-clinic.com/new"),
            locations: &offices,
            ..Context::default()
        };
        let Embed::Booking { url, service, .. } = one("{{< booking >}}\n", &context).expect("booking") else {
            panic!("not a booking")
        };
        assert_eq!(
            (url.as_str(), service.as_str()),
            ("https://book.example-clinic.com/new", "book.example-clinic.com")
        );
        let Embed::Booking { service, .. } = one("{{< booking location=\"westside\" >}}\n", &context).expect("booking")
        else {
            panic!("not a booking")
        };
        assert_eq!(service, "Zocdoc");
        let problem = one("{{< booking location=\"North\" >}}\n", &context).expect_err("no such office");
        assert_eq!(problem.help, "the offices in site.toml are \"Main office\", \"Westside\"");
        let problem = one("{{< booking >}}\n", &Context::default()).expect_err("no booking url");
        assert!(problem.help.contains("booking_url"), "{problem:?}");
    }

    #[test]
    fn videos_need_a_title_and_captions_or_a_transcript() {
        let context = Context::default();
        for (text, message) in [
            ("{{< video youtube=\"dQw4w9WgXcQ\" >}}\n", "a video needs a title"),
            (
                "{{< video youtube=\"dQw4w9WgXcQ\" title=\"Echo\" >}}\n",
                "a video needs captions or a transcript (WCAG 1.2.2)",
            ),
            (
                "{{< video src=\"/v/echo.mp4\" title=\"Echo\" >}}\n",
                "a video needs captions or a transcript (WCAG 1.2.2)",
            ),
            (
                "{{< video youtube=\"https://vimeo.com/1\" title=\"Echo\" captioned=\"true\" >}}\n",
                "`https://vimeo.com/1` is not a YouTube video address or id",
            ),
            (
                "{{< video src=\"https://cdn.example.com/a.mp4\" title=\"E\" transcript=\"/t/\" >}}\n",
                "`src` must be a file of the site",
            ),
            ("{{< video src=\"/v/a.mp4\" captions=\"/v/a.srt\" title=\"E\" >}}\n", "`captions` must be a .vtt file"),
            (
                "{{< video src=\"/v/a.mp4\" title=\"E\" transcript=\"javascript:alert(1)\" >}}\n",
                "a `javascript:` transcript address",
            ),
        ] {
            assert_eq!(one(text, &context).expect_err(text).message, message, "{text}");
        }
        for address in [
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        ] {
            let text = format!("{{{{< video youtube=\"{address}\" title=\"Echo\" captioned=\"true\" >}}}}\n");
            let Embed::Video(video) = one(&text, &context).expect(address) else { panic!("not a video") };
            assert_eq!(video.youtube.as_deref(), Some("dQw4w9WgXcQ"));
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let context = Context { static_dir: Some(dir.path()), ..Context::default() };
        let problem =
            one("{{< video src=\"/v/a.mp4\" captions=\"/v/a.vtt\" title=\"E\" >}}\n", &context).expect_err("missing");
        assert_eq!(problem.message, "static/v/a.mp4 does not exist");
    }

    #[test]
    fn rendered_embeds_escape_every_value_and_load_no_script() {
        let video = Embed::Video(Video {
            youtube: Some("dQw4w9WgXcQ".into()),
            src: None,
            title: "<b>Echo</b> \"test\"".into(),
            captions: None,
            transcript: Some("/echo/\"><script>".into()),
            poster: None,
        });
        let html = html(&video, "en", &|_| String::new());
        assert!(
            html.contains("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?cc_load_policy=1&amp;rel=0"),
            "{html}"
        );
        assert!(html.contains("title=\"&lt;b&gt;Echo&lt;/b&gt; &quot;test&quot;\""), "{html}");
        assert!(!html.contains("<script") && !html.contains("<b>"), "{html}");
        let callout = Embed::Callout { kind: "emergency", title: "Emergency".into(), body: 0..0 };
        let html = super::html(&callout, "en", &|_| "<p>Chest pain?</p>\n".into());
        assert!(html.contains("<a href=\"tel:911\">call 911</a>") && html.contains("<p>Chest pain?</p>"), "{html}");
        let map = super::html(&Embed::Map(office("Main office", None)), "en", &|_| String::new());
        assert!(map.contains("query=100+Harbor+Way%2C+Springfield+IL+62701"), "{map}");
        assert!(!map.contains("<iframe") && !map.contains("<script"), "{map}");
    }
}
