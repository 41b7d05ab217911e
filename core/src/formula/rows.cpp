// Every catalogue row as a formula of the grammar, exactly as activations.md defines it (its
// branches as written, so the derivative of the formula is the row's, branch for branch). A
// call `elu(2*x, 0.5)` in a typed formula is this text with x and the parameters substituted.
#include <array>
#include <utility>

#include "formula/tree.hpp"

namespace actviz::formula::detail {
namespace {

constexpr std::pair<std::string_view, std::string_view> kRows[] = {
    {"step", "if(x > theta, 1, 0)"},
    {"linear", "lambda*x"},
    {"sigmoid", "1/(1 + exp(-x))"},
    {"tanh", "tanh(x)"},
    {"logit", "log(x) - log1p(-x)"},
    {"softsign", "x/(1 + abs(x))"},
    {"relu", "if(x > 0, x, 0)"},
    {"leaky_relu", "if(x > 0, x, alpha*x)"},
    {"prelu", "if(x > 0, x, alpha*x)"},
    {"relu6", "if(x <= 0, 0, if(x >= 6, 6, x))"},
    {"thresholded_relu", "if(x > theta, x, 0)"},
    {"elu", "if(x > 0, x, alpha*expm1(x))"},
    {"celu", "if(x > 0, x, alpha*expm1(x/alpha))"},
    {"selu", "lambda*if(x > 0, x, alpha*expm1(x))"},
    {"softplus", "log1p(exp(beta*x))/beta"},
    {"swish", "x/(1 + exp(-beta*x))"},
    {"gelu", "x*Phi(x)"},
    {"gelu_tanh", "x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))/2"},
    {"mish", "x*tanh(log1p(exp(x)))"},
    {"log_sigmoid", "-log1p(exp(-x))"},
    {"squareplus", "(x + sqrt(x^2 + b))/2"},
    {"soft_exponential",
     "if(alpha < 0, -log(1 - alpha*(x + alpha))/alpha, if(alpha == 0, x, expm1(alpha*x)/alpha + "
     "alpha))"},
    {"hard_sigmoid", "if(x <= -3, 0, if(x >= 3, 1, x/6 + 1/2))"},
    {"hard_tanh", "if(x <= -1, -1, if(x >= 1, 1, x))"},
    {"hard_swish", "if(x <= -3, 0, if(x >= 3, x, x*(x + 3)/6))"},
    {"hardshrink", "if(abs(x) > theta, x, 0)"},
    {"softshrink", "if(x > theta, x - theta, if(x < -theta, x + theta, 0))"},
    {"tanhshrink", "x - tanh(x)"},
    // The largest of k pieces, a tie going to the later one (max's derivative does so).
    {"maxout",
     "if(k >= 5, max(max(max(max(w1*x + b1, w2*x + b2), w3*x + b3), w4*x + b4), w5*x + b5), "
     "if(k >= 4, max(max(max(w1*x + b1, w2*x + b2), w3*x + b3), w4*x + b4), "
     "if(k >= 3, max(max(w1*x + b1, w2*x + b2), w3*x + b3), max(w1*x + b1, w2*x + b2))))"},
};

}  // namespace

std::string_view RowFormula(std::string_view row) {
  for (const auto& [name, text] : kRows)
    if (name == row) return text;
  return {};
}

}  // namespace actviz::formula::detail
