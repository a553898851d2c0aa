// glibc's allocator spent an eighth of a corpus run in malloc and free (documents are many
// small vectors and strings, freed on another thread than the one that parsed them).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    planlint::cli::run()
}
