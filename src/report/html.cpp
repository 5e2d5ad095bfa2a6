#include "report/html.h"

#include "util/utf8.h"

namespace tpmready::report {

std::string svg_chain(const std::vector<std::string>& labels, const std::vector<bool>& highlight) {
  const int box_w = 300, box_h = 34, gap = 22;
  const int height = static_cast<int>(labels.size()) * (box_h + gap) - gap + 4;
  std::string svg = "<svg class=\"chain\" role=\"img\" viewBox=\"0 0 " + std::to_string(box_w + 4) + " " +
                    std::to_string(height) + "\" xmlns=\"http://www.w3.org/2000/svg\">";
  svg += "<defs><marker id=\"arr\" viewBox=\"0 0 10 10\" refX=\"5\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" "
         "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    int y = 2 + static_cast<int>(i) * (box_h + gap);
    bool hot = i < highlight.size() && highlight[i];
    svg += "<rect x=\"2\" y=\"" + std::to_string(y) + "\" width=\"" + std::to_string(box_w) + "\" height=\"" +
           std::to_string(box_h) + "\" rx=\"6\" fill=\"" + (hot ? "#fde2e1" : "#eef1f4") + "\" stroke=\"" +
           (hot ? "#c0392b" : "#8a96a3") + "\"/>";
    svg += "<text x=\"" + std::to_string(2 + box_w / 2) + "\" y=\"" + std::to_string(y + box_h / 2 + 5) +
           "\" text-anchor=\"middle\" font-size=\"13\" font-family=\"monospace\">" + html_escape(labels[i]) + "</text>";
    if (i + 1 < labels.size()) {
      int y1 = y + box_h, y2 = y + box_h + gap - 2;
      svg += "<line x1=\"" + std::to_string(2 + box_w / 2) + "\" y1=\"" + std::to_string(y1) + "\" x2=\"" +
             std::to_string(2 + box_w / 2) + "\" y2=\"" + std::to_string(y2) +
             "\" stroke=\"#555\" stroke-width=\"1.5\" marker-end=\"url(#arr)\"/>";
    }
  }
  return svg + "</svg>";
}

}  // namespace tpmready::report
