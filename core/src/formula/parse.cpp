// The grammar of formula.md, read by a shunting-yard parser: one loop over the tokens with an
// operand stack and an operator stack, so nesting costs heap, never the call stack. Errors
// name the column (in characters, from 1) and what was expected there.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "actviz/activations/catalogue.hpp"
#include "formula/tree.hpp"

namespace actviz::formula {
namespace {

using detail::Builder;
using detail::FnInfo;

enum class Tok : std::uint8_t { kNumber, kName, kOpen, kClose, kComma, kOp, kEnd };

struct Token {
  Tok kind = Tok::kEnd;
  std::string_view text;
  double value = 0;
  Op op = Op::kAdd;
  int column = 1;
};

// The column of byte `i` of `s`, counting characters (UTF-8 lead bytes), from 1.
int ColumnOf(std::string_view s, std::size_t i) {
  int col = 1;
  for (std::size_t k = 0; k < i && k < s.size(); ++k)
    if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) ++col;
  return col;
}

bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsNameChar(char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9');
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Splits the text into tokens, or says where it cannot.
std::optional<std::string> Lex(std::string_view s, std::vector<Token>& out) {
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    Token t;
    t.column = ColumnOf(s, i);
    const std::size_t from = i;
    if (IsDigit(c) || (c == '.' && i + 1 < s.size() && IsDigit(s[i + 1]))) {
      while (i < s.size() && IsDigit(s[i]))
        ++i;
      if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && IsDigit(s[i]))
          ++i;
      }
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
        if (j < s.size() && IsDigit(s[j])) {
          i = j;
          while (i < s.size() && IsDigit(s[i]))
            ++i;
        }
      }
      t.kind = Tok::kNumber;
      t.text = s.substr(from, i - from);
      const std::string digits(t.text);
      t.value = std::strtod(digits.c_str(), nullptr);
      if (std::isinf(t.value))
        return "column " + std::to_string(t.column) + ": the number " + digits +
               " is past the largest double (1.8e308)";
      if (i < s.size() && (s[i] == '.' || IsNameStart(s[i]))) {
        const bool dot = s[i] == '.';
        return "column " + std::to_string(ColumnOf(s, i)) + ": " +
               (dot ? "a number has one decimal point"
                    : "expected an operator after the number " + digits + " (write " + digits +
                          "*" + std::string(1, s[i]) + " for a product)");
      }
    } else if (IsNameStart(c)) {
      while (i < s.size() && IsNameChar(s[i]))
        ++i;
      t.kind = Tok::kName;
      t.text = s.substr(from, i - from);
    } else {
      ++i;
      t.kind = Tok::kOp;
      const char n = i < s.size() ? s[i] : '\0';
      switch (c) {
        case '(':
          t.kind = Tok::kOpen;
          break;
        case ')':
          t.kind = Tok::kClose;
          break;
        case ',':
          t.kind = Tok::kComma;
          break;
        case '+':
          t.op = Op::kAdd;
          break;
        case '-':
          t.op = Op::kSub;
          break;
        case '*':
          t.op = Op::kMul;
          break;
        case '/':
          t.op = Op::kDiv;
          break;
        case '^':
          t.op = Op::kPow;
          break;
        case '<':
          t.op = n == '=' ? (++i, Op::kLe) : Op::kLt;
          break;
        case '>':
          t.op = n == '=' ? (++i, Op::kGe) : Op::kGt;
          break;
        case '=':
          if (n != '=') return "column " + std::to_string(t.column) + ": write == to compare";
          ++i, t.op = Op::kEq;
          break;
        case '!':
          if (n != '=') return "column " + std::to_string(t.column) + ": write != to compare";
          ++i, t.op = Op::kNe;
          break;
        default: {
          std::size_t len = 1;  // the whole UTF-8 character
          while (from + len < s.size() &&
                 (static_cast<unsigned char>(s[from + len]) & 0xC0) == 0x80)
            ++len;
          return "column " + std::to_string(t.column) + ": unexpected character '" +
                 std::string(s.substr(from, len)) + "'";
        }
      }
      t.text = s.substr(from, i - from);
    }
    out.push_back(t);
  }
  Token end;
  end.kind = Tok::kEnd;
  end.column = ColumnOf(s, s.size());
  out.push_back(end);
  return std::nullopt;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// What a name in call position is: a builtin, `if`, or a catalogue row.
struct Callee {
  enum Kind { kNone, kBuiltin, kIf, kRow } kind = kNone;
  Fn fn = Fn::kAbs;
  const Activation* row = nullptr;
  int min_args = 1, max_args = 1;
};

Callee Lookup(std::string_view name) {
  Callee c;
  if (name == "if") return {Callee::kIf, Fn::kAbs, nullptr, 3, 3};
  for (const FnInfo& f : detail::Functions())
    if (f.name == name) return {Callee::kBuiltin, f.fn, nullptr, f.arity, f.arity};
  if (const Activation* a = Find(name))
    return {Callee::kRow, Fn::kAbs, a, 1, 1 + static_cast<int>(a->params.size())};
  return c;
}

std::string Closest(std::string_view name) {
  std::vector<std::pair<std::size_t, std::string_view>> all;
  for (const FnInfo& f : detail::Functions())
    all.push_back({EditDistance(name, f.name), f.name});
  for (const Activation& a : Catalogue())
    all.push_back({EditDistance(name, a.name), a.name});
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& p, const auto& q) { return p.first < q.first; });
  std::string out;
  for (std::size_t i = 0;
       i < all.size() && i < 3 && all[i].first <= std::max<std::size_t>(2, name.size() / 3); ++i)
    out += (out.empty() ? "" : ", ") + std::string(all[i].second);
  return out;
}

std::string Plural(int n) {
  return std::to_string(n) + (n == 1 ? " argument" : " arguments");
}

struct Frame {
  enum Kind { kOperator, kParen, kCall } kind = kOperator;
  Op op = Op::kAdd;  // kOperator: kNeg for unary minus, kNumber for unary plus
  bool unary = false;
  Callee callee;
  std::string_view name;
  int column = 1;
  int args = 1;
  std::size_t operands = 0;  // the operand stack's size where the call's arguments start
};

class Parser {
 public:
  Parser(std::string_view text, Formula& f) : text_(text), f_(f), b_(f.f) {}

  std::optional<std::string> Run() {
    if (text_.size() > kMaxChars)
      return "the formula is " + std::to_string(text_.size()) + " characters long; at most " +
             std::to_string(kMaxChars) + " are read";
    std::vector<Token> toks;
    if (auto err = Lex(text_, toks)) return err;
    bool operand = true;
    int depth = 0;
    for (std::size_t i = 0; i < toks.size(); ++i) {
      const Token& t = toks[i];
      if (operand) {
        switch (t.kind) {
          case Tok::kNumber:
            out_.push_back(b_.Number(t.value));
            operand = false;
            continue;
          case Tok::kName: {
            if (toks[i + 1].kind == Tok::kOpen) {
              const Callee c = Lookup(t.text);
              if (c.kind == Callee::kNone) {
                const std::string near = Closest(t.text);
                return At(t, "unknown function '" + std::string(t.text) + "'" +
                                 (near.empty() ? "" : " (did you mean " + near + "?)"));
              }
              if (++depth > kMaxDepth) return At(t, Deeper());
              Frame fr;
              fr.kind = Frame::kCall;
              fr.callee = c;
              fr.name = t.text;
              fr.column = t.column;
              fr.operands = out_.size();
              ops_.push_back(fr);
              ++i;  // the '('
              continue;
            }
            if (auto err = Name(t)) return err;
            operand = false;
            continue;
          }
          case Tok::kOpen: {
            if (++depth > kMaxDepth) return At(t, Deeper());
            Frame fr;
            fr.kind = Frame::kParen;
            fr.column = t.column;
            ops_.push_back(fr);
            continue;
          }
          case Tok::kOp:
            if (t.op == Op::kSub || t.op == Op::kAdd) {
              if (++unary_run_ > kMaxChars) return At(t, Deeper());
              Frame fr;
              fr.op = t.op == Op::kSub ? Op::kNeg : Op::kNumber;
              fr.unary = true;
              fr.column = t.column;
              ops_.push_back(fr);
              continue;
            }
            [[fallthrough]];
          default:
            return At(t, t.kind == Tok::kEnd
                             ? "expected a number, x, a name or '(' (the formula ends here)"
                             : "expected a number, x, a name or '('");
        }
      }
      // An operator, ',' , ')' or the end.
      switch (t.kind) {
        case Tok::kOp: {
          const int p = detail::Precedence(t.op);
          const bool right = t.op == Op::kPow;
          while (!ops_.empty() && ops_.back().kind == Frame::kOperator) {
            const int q = detail::Precedence(ops_.back().unary ? Op::kNeg : ops_.back().op);
            if (q > p || (q == p && !right))
              Apply();
            else
              break;
          }
          Frame fr;
          fr.op = t.op;
          fr.column = t.column;
          ops_.push_back(fr);
          operand = true;
          unary_run_ = 0;
          continue;
        }
        case Tok::kClose: {
          PopOperators();
          if (ops_.empty()) return At(t, "')' with no '(' before it");
          const Frame fr = ops_.back();
          ops_.pop_back();
          --depth;
          if (fr.kind == Frame::kCall) {
            if (auto err = Call(fr)) return err;
          }
          continue;
        }
        case Tok::kComma: {
          PopOperators();
          if (ops_.empty() || ops_.back().kind != Frame::kCall)
            return At(t, "',' outside a function's arguments");
          ++ops_.back().args;
          operand = true;
          unary_run_ = 0;
          continue;
        }
        case Tok::kEnd: {
          PopOperators();
          if (!ops_.empty()) {
            const Frame& open = ops_.back();
            return At(t, "expected ')' to close the '(' at column " +
                             std::to_string(open.column + (open.kind == Frame::kCall
                                                               ? static_cast<int>(open.name.size())
                                                               : 0)));
          }
          break;
        }
        default:
          return At(
              t,
              std::string("expected an operator, ',' or ')'") +
                  (t.kind == Tok::kName || t.kind == Tok::kOpen ? " (write * for a product)" : ""));
      }
    }
    f_.f.root = out_.back();
    return std::nullopt;
  }

 private:
  std::string At(const Token& t, const std::string& what) const {
    return "column " + std::to_string(t.column) + ": " + what;
  }
  static std::string Deeper() {
    return "nested deeper than " + std::to_string(kMaxDepth) + " levels";
  }

  // A name in operand position: x, a constant, or a parameter.
  std::optional<std::string> Name(const Token& t) {
    if (t.text == "x") return out_.push_back(b_.X()), std::nullopt;
    if (t.text == "pi") return out_.push_back(b_.Pi()), std::nullopt;
    if (t.text == "e") return out_.push_back(b_.E()), std::nullopt;
    if (Lookup(t.text).kind != Callee::kNone)
      return At(t, std::string(t.text) + " is a function: write " + std::string(t.text) + "(…)");
    out_.push_back(b_.Param(ParamIndex(t.text)));
    return std::nullopt;
  }

  int ParamIndex(std::string_view name) {
    for (std::size_t i = 0; i < f_.params.size(); ++i)
      if (f_.params[i] == name) return static_cast<int>(i);
    f_.params.emplace_back(name);
    f_.defaults.push_back(1);
    return static_cast<int>(f_.params.size() - 1);
  }

  void PopOperators() {
    while (!ops_.empty() && ops_.back().kind == Frame::kOperator)
      Apply();
  }

  void Apply() {
    const Frame fr = ops_.back();
    ops_.pop_back();
    if (fr.unary) {
      if (fr.op == Op::kNeg) out_.back() = b_.Unary(Op::kNeg, out_.back());
      return;  // unary plus: the operand itself
    }
    const int rhs = out_.back();
    out_.pop_back();
    out_.back() = b_.Binary(fr.op, out_.back(), rhs);
  }

  std::optional<std::string> Call(const Frame& fr) {
    const Callee& c = fr.callee;
    const int n = fr.args;
    if (n < c.min_args || n > c.max_args) {
      std::string takes = c.min_args == c.max_args ? Plural(c.min_args)
                                                   : std::to_string(c.min_args) + " to " +
                                                         std::to_string(c.max_args) + " arguments";
      if (c.kind == Callee::kRow) {
        takes += " (x";
        for (const ParamSpec& p : c.row->params)
          takes += ", " + std::string(p.name);
        takes += ")";
      }
      return "column " + std::to_string(fr.column) + ": " + std::string(fr.name) + " takes " +
             takes + ", not " + std::to_string(n);
    }
    std::vector<int> args(out_.end() - n, out_.end());
    out_.resize(out_.size() - static_cast<std::size_t>(n));
    switch (c.kind) {
      case Callee::kIf:
        out_.push_back(b_.If(args[0], args[1], args[2]));
        break;
      case Callee::kBuiltin:
        out_.push_back(b_.Call(c.fn, args[0], n > 1 ? args[1] : -1));
        break;
      default:
        out_.push_back(Row(*c.row, args));
    }
    return std::nullopt;
  }

  // A catalogue row: its formula with x and its parameters replaced by the arguments (the
  // parameters not given at their defaults).
  int Row(const Activation& row, const std::vector<int>& args) {
    Formula sub;
    Parser p(detail::RowFormula(row.name), sub);
    if (p.Run()) return b_.Number(NAN);  // (the table is tested to parse)
    const Params defaults = Defaults(row);
    std::vector<int> map(sub.f.nodes.size());
    for (std::size_t i = 0; i < sub.f.nodes.size(); ++i) {
      Node n = sub.f.nodes[i];
      if (n.op == Op::kX) {
        map[i] = args[0];
        continue;
      }
      if (n.op == Op::kParam) {
        const std::string& name = sub.params[static_cast<std::size_t>(n.param)];
        int k = 0;
        while (k < static_cast<int>(row.params.size()) &&
               row.params[static_cast<std::size_t>(k)].name != name)
          ++k;
        map[i] = k + 1 < static_cast<int>(args.size())
                     ? args[static_cast<std::size_t>(k) + 1]
                     : b_.Number(defaults.v[static_cast<std::size_t>(k)]);
        continue;
      }
      if (n.a >= 0) n.a = map[static_cast<std::size_t>(n.a)];
      if (n.b >= 0) n.b = map[static_cast<std::size_t>(n.b)];
      if (n.c >= 0) n.c = map[static_cast<std::size_t>(n.c)];
      f_.f.nodes.push_back(n);
      map[i] = static_cast<int>(f_.f.nodes.size() - 1);
    }
    return map[static_cast<std::size_t>(sub.f.root)];
  }

  std::string_view text_;
  Formula& f_;
  Builder b_;
  std::vector<int> out_;
  std::vector<Frame> ops_;
  std::size_t unary_run_ = 0;
};

}  // namespace

std::optional<std::string> ParseExpression(std::string_view text, Formula& out) {
  out = Formula{};
  out.text = std::string(text);
  Parser p(text, out);
  return p.Run();
}

}  // namespace actviz::formula
