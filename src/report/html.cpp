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

std::string svg_chain(const std::vector<ChainBox>& boxes) {
  const int box_w = 320, gap = 22, line_h = 16, pad = 8, id_h = 14;
  constexpr std::size_t kWrap = 44;  // characters of the 13px title font that fit in a box
  std::vector<std::vector<std::string>> titles;
  int height = 4;
  for (const auto& b : boxes) {
    titles.push_back(wrap(b.title, kWrap));
    height += pad * 2 + static_cast<int>(titles.back().size()) * line_h + id_h + gap;
  }
  height -= gap;
  std::string svg = "<svg class=\"chain\" role=\"img\" viewBox=\"0 0 " + std::to_string(box_w + 4) + " " +
                    std::to_string(height) + "\" xmlns=\"http://www.w3.org/2000/svg\">";
  svg += "<defs><marker id=\"arr\" viewBox=\"0 0 10 10\" refX=\"5\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" "
         "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>";
  int y = 2;
  const std::string mid = std::to_string(2 + box_w / 2);
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const int box_h = pad * 2 + static_cast<int>(titles[i].size()) * line_h + id_h;
    const bool hot = boxes[i].highlight;
    svg += "<rect x=\"2\" y=\"" + std::to_string(y) + "\" width=\"" + std::to_string(box_w) + "\" height=\"" +
           std::to_string(box_h) + "\" rx=\"6\" fill=\"" + (hot ? "#fde2e1" : "#eef1f4") + "\" stroke=\"" +
           (hot ? "#c0392b" : "#8a96a3") + "\"/>";
    int ty = y + pad + 12;
    for (const auto& line : titles[i]) {
      svg += "<text x=\"" + mid + "\" y=\"" + std::to_string(ty) +
             "\" text-anchor=\"middle\" font-size=\"13\" font-family=\"sans-serif\">" + html_escape(line) + "</text>";
      ty += line_h;
    }
    svg += "<text x=\"" + mid + "\" y=\"" + std::to_string(ty) +
           "\" text-anchor=\"middle\" font-size=\"10\" font-family=\"monospace\" fill=\"#5d6d7e\">" +
           html_escape(boxes[i].id) + "</text>";
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
