# Order statistics shared by the benchmark scripts, loaded before their own program:
#   awk -f bench/quantiles.awk -f <(printf '%s\n' "$program")

# Sort v[1..n] in increasing order (an insertion sort: a benchmark has a few dozen values).
function sort(v, n,   i, j, t) {
  for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j > 0 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
}

# The p-quantile of the sorted v[1..n] (of two middle values, the lower).
function q(v, n, p) { return v[int(p * (n - 1)) + 1] }
