// The catalogue's rows as a textbook or a framework writes them, each operation as it comes
// (library.hpp, TextbookFormula): what the as-written view evaluates for a row, so a person sees
// why the catalogue's stable forms exist (softplus as log(1 + exp(x)) overflows at x ≈ 89 in
// float32, sigmoid as 1/(1 + exp(−x)) loses nothing, tanh as a ratio of exponentials fails at
// |x| ≈ 89 …). Parameter names are the rows' own.
#include <array>
#include <string_view>
#include <utility>

#include "actviz/formula/library.hpp"

namespace actviz::formula {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 29> kTextbook = {{
    {"step", "if(x > theta, 1, 0)"},
    {"linear", "lambda*x"},
    {"sigmoid", "1/(1 + exp(-x))"},
    {"tanh", "(exp(x) - exp(-x))/(exp(x) + exp(-x))"},
    {"logit", "log(x/(1 - x))"},
    {"softsign", "x/(1 + abs(x))"},
    {"relu", "max(x, 0)"},
    {"leaky_relu", "if(x > 0, x, alpha*x)"},
    {"prelu", "if(x > 0, x, alpha*x)"},
    {"relu6", "min(max(x, 0), 6)"},
    {"thresholded_relu", "if(x > theta, x, 0)"},
    {"elu", "if(x > 0, x, alpha*(exp(x) - 1))"},
    {"celu", "if(x > 0, x, alpha*(exp(x/alpha) - 1))"},
    {"selu", "lambda*if(x > 0, x, alpha*(exp(x) - 1))"},
    {"softplus", "log(1 + exp(beta*x))/beta"},
    {"swish", "x/(1 + exp(-beta*x))"},
    {"gelu", "x*(1 + erf(x/sqrt(2)))/2"},
    {"gelu_tanh", "0.5*x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))"},
    {"mish", "x*tanh(log(1 + exp(x)))"},
    {"log_sigmoid", "log(1/(1 + exp(-x)))"},
    {"squareplus", "(x + sqrt(x^2 + b))/2"},
    {"soft_exponential",
     "if(alpha < 0, -log(1 - alpha*(x + alpha))/alpha, if(alpha == 0, x, "
     "(exp(alpha*x) - 1)/alpha + alpha))"},
    {"hard_sigmoid", "min(max(x/6 + 0.5, 0), 1)"},
    {"hard_tanh", "min(max(x, -1), 1)"},
    {"hard_swish", "x*min(max(x + 3, 0), 6)/6"},
    {"hardshrink", "if(abs(x) > theta, x, 0)"},
    {"softshrink", "if(x > theta, x - theta, if(x < -theta, x + theta, 0))"},
    {"tanhshrink", "x - (exp(x) - exp(-x))/(exp(x) + exp(-x))"},
    {"maxout", "max(w1*x + b1, w2*x + b2)"},  // the spec's two pieces
}};

}  // namespace

std::string_view TextbookFormula(std::string_view row) {
  for (const auto& [name, text] : kTextbook)
    if (name == row) return text;
  return {};
}

}  // namespace actviz::formula
