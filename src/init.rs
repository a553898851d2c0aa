//! `planlint init` (placeholder while being written).
#[derive(Debug, clap::Args)]
pub struct InitArgs {}
pub fn run(_: &InitArgs) -> miette::Result<u8> {
    Ok(0)
}
