#[global_allocator]
static ALLOCATOR: planlint::alloc::Split = planlint::alloc::Split;

fn main() -> std::process::ExitCode {
    planlint::cli::run()
}
