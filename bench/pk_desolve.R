# Peer of bench_pk: the same workload with R deSolve lsoda.
#
# Reads the workload written by `build/bench_pk --params-kv` (flat key=value
# lines: every cnsim_pk_params field of both drugs, the doses, the output
# grid and the tolerances; Debian's r-base-core has no JSON reader) and
# integrates the model of src/pk/model.c, six states per drug, 12 in one
# system as cnsim does (equations in bench/pk_scipy.py). Doses are deSolve
# events ("add" F * amt to the depot at t + tlag): lsoda stops at each event
# time and restarts there, i.e. it integrates dose interval by dose interval.
# deSolve reports the post-event state at an event time, as cnsim does. The
# analytic Jacobian is given (jactype "fullusr"), as cnsim gives it to CVODE.
#
# Usage: Rscript bench/pk_desolve.R PARAMS.kv REFERENCE.csv [RUNS] [RTOL ...]
# Prints `name,n,seconds,us_per_item` (median of RUNS timed runs of one
# patient, after one untimed warm-up) and the check lines
# `check,tool,output,time_h,conc_ng_mL,rel_diff_vs_closed` against the
# closed-form CSV written by `bench_pk --csv`.
suppressPackageStartupMessages(library(deSolve))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: Rscript pk_desolve.R PARAMS.kv REFERENCE.csv [RUNS] [RTOL ...]")
runs <- if (length(args) >= 3) as.integer(args[3]) else 5L
rtols <- if (length(args) >= 4) as.numeric(args[4:length(args)]) else NULL

kv_lines <- readLines(args[1])
eq <- regexpr("=", kv_lines, fixed = TRUE)
keys <- substr(kv_lines, 1, eq - 1)
vals <- substr(kv_lines, eq + 1, nchar(kv_lines))
kv <- function(k) vals[match(k, keys)]
num <- function(k) as.numeric(kv(k))

n_drugs <- as.integer(kv("n_drugs"))
NS <- 6L
DEPOT <- 1L; CENTRAL <- 2L; PERIPH <- 3L; PERIPH2 <- 4L; METAB <- 5L; ELIM <- 6L
fields <- c("f", "ka_per_h", "tlag_h", "cl_L_per_h", "v1_L", "q2_L_per_h", "v2_L",
            "q3_L_per_h", "v3_L", "vmax_mg_per_h", "km_ng_mL", "fu", "mw_g_per_mol",
            "fm", "met_mw_g_per_mol", "met_cl_L_per_h", "met_v_L")
drugs <- lapply(seq_len(n_drugs) - 1L, function(d) {
  pre <- paste0("drug", d, ".")
  p <- lapply(fields, function(f) num(paste0(pre, f)))
  names(p) <- fields
  p$name <- kv(paste0(pre, "name"))
  p$metabolite <- kv(paste0(pre, "metabolite"))
  p$n_cmt <- as.integer(kv(paste0(pre, "n_cmt")))
  p$has_metabolite <- as.integer(kv(paste0(pre, "has_metabolite")))
  p
})

n <- NS * n_drugs
A <- matrix(0, n, n)
mm <- list()
for (d in seq_len(n_drugs)) {
  p <- drugs[[d]]
  o <- (d - 1L) * NS
  k10 <- p$cl_L_per_h / p$v1_L
  k12 <- if (p$n_cmt >= 2) p$q2_L_per_h / p$v1_L else 0
  k21 <- if (p$n_cmt >= 2) p$q2_L_per_h / p$v2_L else 0
  k13 <- if (p$n_cmt == 3) p$q3_L_per_h / p$v1_L else 0
  k31 <- if (p$n_cmt == 3) p$q3_L_per_h / p$v3_L else 0
  fm <- if (p$has_metabolite) p$fm else 0
  r <- if (p$has_metabolite) p$met_mw_g_per_mol / p$mw_g_per_mol else 1
  A[o + DEPOT, o + DEPOT] <- -p$ka_per_h
  A[o + CENTRAL, o + DEPOT] <- p$ka_per_h
  A[o + CENTRAL, o + CENTRAL] <- -(k10 + k12 + k13)
  A[o + CENTRAL, o + PERIPH] <- k21
  A[o + CENTRAL, o + PERIPH2] <- k31
  A[o + PERIPH, o + CENTRAL] <- k12
  A[o + PERIPH, o + PERIPH] <- -k21
  A[o + PERIPH2, o + CENTRAL] <- k13
  A[o + PERIPH2, o + PERIPH2] <- -k31
  A[o + ELIM, o + CENTRAL] <- (1 - fm) * k10
  if (p$has_metabolite) {
    km <- p$met_cl_L_per_h / p$met_v_L
    A[o + METAB, o + CENTRAL] <- r * fm * k10
    A[o + METAB, o + METAB] <- -km
    A[o + ELIM, o + METAB] <- km / r
  }
  if (p$vmax_mg_per_h > 0)
    mm[[length(mm) + 1L]] <- list(o = o, vmax = p$vmax_mg_per_h, km = p$km_ng_mL,
                                  v1 = p$v1_L, fm = fm, r = r)
}

if (length(mm) == 0) {
  rhs <- function(t, y, parms) list(A %*% y)
  jacf <- function(t, y, parms) A
} else {
  rhs <- function(t, y, parms) {
    dy <- A %*% y
    for (m in mm) {
      c1 <- 1000 * y[m$o + CENTRAL] / m$v1
      rate <- m$vmax * c1 / (m$km + c1)
      dy[m$o + CENTRAL] <- dy[m$o + CENTRAL] - rate
      dy[m$o + METAB] <- dy[m$o + METAB] + m$r * m$fm * rate
      dy[m$o + ELIM] <- dy[m$o + ELIM] + (1 - m$fm) * rate
    }
    list(dy)
  }
  jacf <- function(t, y, parms) {
    J <- A
    for (m in mm) {
      c1 <- 1000 * y[m$o + CENTRAL] / m$v1
      dm <- m$vmax * m$km / (m$km + c1)^2 * 1000 / m$v1
      J[m$o + CENTRAL, m$o + CENTRAL] <- J[m$o + CENTRAL, m$o + CENTRAL] - dm
      J[m$o + METAB, m$o + CENTRAL] <- J[m$o + METAB, m$o + CENTRAL] + m$r * m$fm * dm
      J[m$o + ELIM, m$o + CENTRAL] <- J[m$o + ELIM, m$o + CENTRAL] + (1 - m$fm) * dm
    }
    J
  }
}

# Doses -> events: F * amt into the depot at t + tlag.
dose_str <- vals[keys == "dose"]
dp <- do.call(rbind, lapply(strsplit(dose_str, ",", fixed = TRUE), as.numeric))
ev_var <- integer(nrow(dp)); ev_time <- numeric(nrow(dp)); ev_val <- numeric(nrow(dp))
for (i in seq_len(nrow(dp))) {
  p <- drugs[[dp[i, 2] + 1L]]
  ev_var[i] <- as.integer(dp[i, 2]) * NS + DEPOT
  ev_time[i] <- dp[i, 1] + p$tlag_h
  ev_val[i] <- p$f * dp[i, 3]
}
state_names <- paste0("s", seq_len(n))
events <- data.frame(var = state_names[ev_var], time = ev_time, value = ev_val, method = "add")
events <- events[order(events$time), ]

times <- seq(0, num("t_end_h"), by = num("every_h"))
out_state <- c(sapply(seq_len(n_drugs), function(d) (d - 1L) * NS + CENTRAL))
out_vol <- sapply(drugs, function(p) p$v1_L)
out_name <- sapply(drugs, function(p) p$name)
for (d in seq_len(n_drugs)) {
  p <- drugs[[d]]
  if (p$has_metabolite) {
    out_state <- c(out_state, (d - 1L) * NS + METAB)
    out_vol <- c(out_vol, p$met_v_L)
    out_name <- c(out_name, p$metabolite)
  }
}

simulate <- function(rtol, atol) {
  sol <- lsoda(y = setNames(rep(0, n), state_names), times = times, func = rhs, parms = NULL,
               rtol = rtol, atol = atol, jacfunc = jacf, jactype = "fullusr",
               events = list(data = events))
  st <- attr(sol, "istate")
  if (st[1] != 2) stop(sprintf("lsoda failed: istate %d", st[1]))
  sweep(sol[, 1L + out_state, drop = FALSE], 2, 1000 / out_vol, "*")
}

ref <- read.csv(args[2], check.names = FALSE)
check_t <- as.numeric(strsplit(kv("check_t_h"), ",", fixed = TRUE)[[1]])
if (is.null(rtols)) rtols <- num("rtol")
atol <- num("atol_mg")

cat(sprintf("# %s, deSolve %s; lsoda with %d dose events; median of %d runs\n",
            R.version.string, as.character(packageVersion("deSolve")), nrow(events), runs))
results <- list()
for (rtol in rtols) {
  tool <- sub("e-0", "e-", sprintf("desolve_lsoda_rtol%.0e", rtol))
  conc <- simulate(rtol, atol) # warm-up, and the checked result
  sec <- numeric(runs)
  for (k in seq_len(runs)) {
    t0 <- proc.time()[["elapsed"]]
    simulate(rtol, atol)
    sec[k] <- proc.time()[["elapsed"]] - t0
  }
  med <- median(sec)
  cat(sprintf("%s,1,%.6f,%.3f\n", tool, med, 1e6 * med))
  cat(sprintf("# %s: runs %s s\n", tool, paste(sprintf("%.3f", sec), collapse = ", ")))
  results[[tool]] <- conc
}
for (tool in names(results)) {
  conc <- results[[tool]]
  for (k in seq_along(out_name)) {
    r <- ref[[paste0(out_name[k], "_ng_mL")]]
    c1 <- conc[, k]
    for (tc in check_t) {
      i <- which.min(abs(times - tc)); j <- which.min(abs(ref$time_h - tc))
      cat(sprintf("check,%s,%s,%g,%.10g,%.3g\n", tool, out_name[k], tc, c1[i],
                  abs(c1[i] - r[j]) / abs(r[j])))
    }
    mask <- abs(r) > 1e-6 * max(abs(r))
    cat(sprintf("maxrel,%s,%s,all,,%.3g\n", tool, out_name[k],
                max(abs(c1[mask] - r[mask]) / abs(r[mask]))))
  }
}
