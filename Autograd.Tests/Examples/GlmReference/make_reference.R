# Makes the test data visits.csv and R's fits of it (reference.json) for CsvGlmTests.
# Run from this folder: Rscript make_reference.R > r_summaries.txt   (R 4.x; base R only). dotnet test never runs R: both outputs are committed.
set.seed(15)
n <- 60
age <- round(runif(n, 18, 75))
dose <- sample(c(2, 5, 10), n, replace = TRUE)          # a factor whose levels are numbers: numeric order 2 < 5 < 10
site <- sample(c("north", "east", "south"), n, replace = TRUE)  # text levels: sorted order east < north < south
hours <- round(runif(n, 0.5, 8), 2)                     # exposure (> 0)
base <- round(rnorm(n, 0, 0.3), 3)                      # an offset given as is
eta <- -2 + 0.02 * age + c(`2` = 0, `5` = 0.4, `10` = 0.9)[as.character(dose)] +
  c(east = 0, north = 0.3, south = -0.2)[site] + log(hours)
count <- rpois(n, exp(eta))
visits <- data.frame(count, age, dose, site, hours, base)
write.csv(visits, "visits.csv", row.names = FALSE, quote = FALSE)

d <- read.csv("visits.csv")
d$dose <- factor(d$dose)
d$site <- factor(d$site)
# Fitted to convergence: with glm's default epsilon = 1e-8, IRLS stops one step early enough that summary() takes its
# standard errors from the weights of the previous iterate; on the "offset" fit they then differ from the exact inverse
# Hessian at the MLE by 4e-5 relative (0.301281 against 0.301292 for the intercept). epsilon = 1e-14 removes that.
tight <- glm.control(epsilon = 1e-14, maxit = 100)
fits <- list(
  exposure = glm(count ~ age + dose + site, family = poisson, data = d, offset = log(hours), control = tight),
  offset = glm(count ~ age + dose, family = poisson, data = d, offset = base, control = tight),
  defaults = glm(count ~ age + base + dose + site, family = poisson, data = d, offset = log(hours), control = tight))

num <- function(x) sprintf("%.17g", x)
one <- function(fit) {
  s <- summary(fit)
  cf <- coef(s)
  terms <- sapply(seq_len(nrow(cf)), function(k) sprintf(
    '{"name": "%s", "estimate": %s, "stdError": %s, "z": %s, "p": %s}',
    rownames(cf)[k], num(cf[k, 1]), num(cf[k, 2]), num(cf[k, 3]), num(cf[k, 4])))
  sprintf(paste0('{"terms": [%s], "deviance": %s, "nullDeviance": %s, "dfResidual": %d, "dfNull": %d, ',
                 '"logLik": %s, "aic": %s, "iterations": %d}'),
          paste(terms, collapse = ", "), num(fit$deviance), num(fit$null.deviance), fit$df.residual, fit$df.null,
          num(as.numeric(logLik(fit))), num(fit$aic), fit$iter)
}
body <- paste(sprintf('"%s": %s', names(fits), sapply(fits, one)), collapse = ",\n ")
writeLines(paste0("{", body, "}"), "reference.json")
for (f in fits) print(summary(f))
