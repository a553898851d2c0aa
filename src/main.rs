#[global_allocator]
static ALLOCATOR: planlint::alloc::Split = planlint::alloc::Split;

fn main() -> std::process::ExitCode {
    planlint::alloc::huge_pages(false);
    planlint::cli::run()
}
