#include "report/html.h"

#include "util/utf8.h"

namespace tpmready::report {
namespace {

/// Splits `s` at spaces into lines of at most `width` bytes (a longer word gets a line of its own).
std::vector<std::string> wrap(const std::string& s, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t at = 0;
  while (at < s.size()) {
    std::size_t end = s.find(' ', at);
    if (end == std::string::npos) end = s.size();
    std::string word = s.substr(at, end - at);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    at = end + 1;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace

std::string html_breakable(std::string_view s) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != '\\' && s[i] != '/') continue;
    const char next = s[i + 1];
    if (next == '\\' || next == '/' || next == ' ') continue;
    if (i > 0 && (s[i - 1] == '/' || s[i - 1] == '\\')) continue;  // "https://host", "\\server" stay whole
    out += html_escape(s.substr(from, i + 1 - from)) + "<wbr>";
    from = i + 1;
  }
  return out + html_escape(s.substr(from));
}

std::string svg_chain(const std::vector<ChainBox>& boxes) {
  // Drawn at its own size (width and height in CSS pixels), never scaled to the page: 300 px fits
  // a 360 px phone, so the titles stay 14 px and the rule IDs 12 px, the smallest readable size.
  constexpr int box_w = 300, gap = 22, line_h = 18, id_line_h = 15, pad = 8;
  constexpr std::size_t kWrap = 36;    // characters of the 14px sans-serif title that fit in a box
  constexpr std::size_t kIdWrap = 38;  // characters of the 12px monospace ID (7.2 px each)
  struct Lines {
    std::vector<std::string> title, id;
    int height() const { return 2 * pad + static_cast<int>(title.size()) * line_h + static_cast<int>(id.size()) * id_line_h; }
  };
  std::vector<Lines> lines;
  int height = 4;
  for (const auto& b : boxes) {
    lines.push_back({wrap(b.title, kWrap), wrap(b.id, kIdWrap)});
    height += lines.back().height() + gap;
  }
  height -= gap;
  const std::string w = std::to_string(box_w + 4), h = std::to_string(height);
  std::string svg = "<svg class=\"chain\" role=\"img\" width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w +
                    " " + h + "\" xmlns=\"http://www.w3.org/2000/svg\">";
  svg += "<defs><marker id=\"arr\" viewBox=\"0 0 10 10\" refX=\"5\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" "
         "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>";
  int y = 2;
  const std::string mid = std::to_string(2 + box_w / 2);
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const int box_h = lines[i].height();
    const bool hot = boxes[i].highlight;
    svg += "<rect x=\"2\" y=\"" + std::to_string(y) + "\" width=\"" + std::to_string(box_w) + "\" height=\"" +
           std::to_string(box_h) + "\" rx=\"6\" fill=\"" + (hot ? "#fde2e1" : "#eef1f4") + "\" stroke=\"" +
           (hot ? "#c0392b" : "#8a96a3") + "\"/>";
    int ty = y + pad + 13;  // the first baseline: the 14 px font's ascent below the padding
    for (const auto& line : lines[i].title) {
      svg += "<text x=\"" + mid + "\" y=\"" + std::to_string(ty) +
             "\" text-anchor=\"middle\" font-size=\"14\" font-family=\"sans-serif\">" + html_escape(line) + "</text>";
      ty += line_h;
    }
    ty -= line_h - id_line_h;
    for (const auto& line : lines[i].id) {
      svg += "<text x=\"" + mid + "\" y=\"" + std::to_string(ty) +
             "\" text-anchor=\"middle\" font-size=\"12\" font-family=\"monospace\" fill=\"#5d6d7e\">" +
             html_escape(line) + "</text>";
      ty += id_line_h;
    }
    if (i + 1 < boxes.size()) {
      int y1 = y + box_h, y2 = y + box_h + gap - 2;
      svg += "<line x1=\"" + mid + "\" y1=\"" + std::to_string(y1) + "\" x2=\"" + mid + "\" y2=\"" + std::to_string(y2) +
             "\" stroke=\"#555\" stroke-width=\"1.5\" marker-end=\"url(#arr)\"/>";
    }
    y += box_h + gap;
  }
  return svg + "</svg>";
}

}  // namespace tpmready::report
