//! Times `serve`'s rebuild after an edit to one article: builds the site once in a session, then
//! appends a sentence to an article N times and reports each rebuild's time.
//! Usage: cargo run --release --example rebuild -- SITE [EDITS]

use std::path::PathBuf;
use std::time::Instant;

use whitecoat::incremental::Session;
use whitecoat::pipeline::BuildOptions;

/// The allocator the `whitecoat` binary uses, so the times match `serve`'s.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(site) = args.next().map(PathBuf::from) else {
        eprintln!("usage: rebuild SITE [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let mut session = Session::new(BuildOptions { site: site.clone(), ..BuildOptions::default() });
    let started = Instant::now();
    if let Err(e) = session.rebuild(&[]) {
        eprintln!("first build failed: {e}");
        std::process::exit(1);
    }
    println!("first build: {:.0} ms, {} files", started.elapsed().as_secs_f64() * 1000.0, session.output().len());
    let articles = site.join("content/articles");
    let Some(article) =
        std::fs::read_dir(&articles).ok().and_then(|d| d.filter_map(Result::ok).map(|e| e.path()).min())
    else {
        eprintln!("no articles under {}", articles.display());
        std::process::exit(1);
    };
    let relative = article.strip_prefix(&site).unwrap_or(&article).to_path_buf();
    let original = std::fs::read_to_string(&article).unwrap_or_default();
    let mut times = Vec::new();
    for i in 0..edits {
        let _ = std::fs::write(&article, format!("{original}\nEdit number {i} adds a sentence.\n"));
        let started = Instant::now();
        match session.rebuild(std::slice::from_ref(&relative)) {
            Ok(report) if i + 1 == edits => {
                let stages: Vec<String> = report
                    .timings
                    .iter()
                    .map(|(stage, t)| format!("{stage} {:.1} ms", t.as_secs_f64() * 1000.0))
                    .collect();
                println!("stages of the last rebuild: {}", stages.join(", "));
            }
            Ok(_) => {}
            Err(e) => {
                eprintln!("rebuild failed: {e}");
                break;
            }
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let _ = std::fs::write(&article, original);
    times.sort_by(f64::total_cmp);
    if let Some(median) = times.get(times.len() / 2) {
        println!("rebuild after editing {}: median {median:.1} ms over {} edits", relative.display(), times.len());
    }
}
