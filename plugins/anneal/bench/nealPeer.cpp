// Benchmark peer: a C++ transcription of dwave-neal's simulated-annealing inner loop (written
// for hqml from the algorithm's description, not copied): per-variable neighbour and coupling
// vectors, a delta-energy array, exp() for every uphill candidate below neal's skip threshold,
// xorshift128+ random numbers compared against exp(-beta dE) * 2^64. Same default beta range
// and 1000-sweep geometric schedule as anneal.sa. Build: g++ -O3 -march=native nealPeer.cpp
// Usage: nealPeer FILE READS SEED  ->  prints "attempts wall_seconds cpu_seconds mean_energy"
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <vector>

static uint64_t s0, s1;
static inline uint64_t next() {
  uint64_t x = s0;
  const uint64_t y = s1;
  s0 = y;
  x ^= x << 23;
  s1 = x ^ y ^ (x >> 17) ^ (y >> 26);
  return s1 + y;
}

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  std::ifstream in(argv[1]);
  int n, m;
  in >> n >> m;
  std::vector<std::vector<int>> nb(n);
  std::vector<std::vector<double>> cp(n);
  std::vector<double> sumAbs(n, 0), minAbs(n, INFINITY);
  for (int e = 0; e < m; e++) {
    int i, j;
    double w;
    in >> i >> j >> w;
    i--, j--;
    nb[i].push_back(j), cp[i].push_back(w), nb[j].push_back(i), cp[j].push_back(w);
    for (int k : {i, j}) {
      sumAbs[k] += std::fabs(w);
      if (w != 0 && std::fabs(w) < minAbs[k]) minAbs[k] = std::fabs(w);
    }
  }
  double maxF = 0, minF = INFINITY;
  for (int i = 0; i < n; i++) maxF = std::fmax(maxF, sumAbs[i]), minF = std::fmin(minF, minAbs[i]);
  int count = 0;
  for (int i = 0; i < n; i++) count += minAbs[i] == minF;
  const double hot = std::log(2.0) / (2 * maxF), cold = std::log(count / 0.01) / (2 * minF);
  const int sweeps = 1000;
  std::vector<double> betas(sweeps);
  for (int b = 0; b < sweeps; b++) betas[b] = hot * std::pow(cold / hot, b / double(sweeps - 1));
  const int reads = std::atoi(argv[2]);
  s0 = 0x9e3779b97f4a7c15ULL ^ std::strtoull(argv[3], nullptr, 10);
  s1 = 0xbf58476d1ce4e5b9ULL;
  for (int k = 0; k < 20; k++) next();
  std::vector<signed char> s(n);
  std::vector<double> delta(n);
  double energySum = 0;
  timespec c0, c1;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
  auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < reads; r++) {
    for (int i = 0; i < n; i++) s[i] = (next() >> 63) ? 1 : -1;
    for (int i = 0; i < n; i++) {
      double f = 0;
      for (size_t k = 0; k < nb[i].size(); k++) f += cp[i][k] * s[nb[i][k]];
      delta[i] = -2 * s[i] * f;
    }
    for (int b = 0; b < sweeps; b++) {
      const double beta = betas[b], threshold = 44.36142 / beta;
      for (int v = 0; v < n; v++) {
        const double d = delta[v];
        if (d >= threshold) continue;
        bool flip = d <= 0.0;
        if (!flip && std::exp(-d * beta) * 18446744073709551615.0 > double(next())) flip = true;
        if (!flip) continue;
        const double mult = 4 * s[v];
        const auto& nv = nb[v];
        const auto& cv = cp[v];
        for (size_t k = 0; k < nv.size(); k++) delta[nv[k]] += mult * cv[k] * s[nv[k]];
        s[v] = -s[v];
        delta[v] = -d;
      }
    }
    double e = 0;
    for (int i = 0; i < n; i++)
      for (size_t k = 0; k < nb[i].size(); k++) e += 0.5 * cp[i][k] * s[i] * s[nb[i][k]];
    energySum += e;
  }
  auto t1 = std::chrono::steady_clock::now();
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
  const double wall = std::chrono::duration<double>(t1 - t0).count();
  const double cpu = (c1.tv_sec - c0.tv_sec) + 1e-9 * (c1.tv_nsec - c0.tv_nsec);
  std::printf("%.0f %.6f %.6f %.3f\n", double(n) * sweeps * reads, wall, cpu, energySum / reads);
  return 0;
}
