// The workbench's one script (served by the app; the page allows no other). It toggles the
// annotation layers, marks a passage a link points at (#at=START,END), and turns a selection
// in the text into the coding form's offsets (UTF-16 units, as the page counts them; the
// server turns them back into the text's own).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("svg#network, svg.network").forEach(function (network) {
    network.addEventListener("wheel", function (event) {  // the wheel zooms about the pointer
      event.preventDefault();
      var box = network.viewBox.baseVal, rect = network.getBoundingClientRect();
      var scale = event.deltaY > 0 ? 1.2 : 1 / 1.2;
      var x = box.x + (event.clientX - rect.left) / rect.width * box.width;
      var y = box.y + (event.clientY - rect.top) / rect.height * box.height;
      network.setAttribute("viewBox", [x - (x - box.x) * scale, y - (y - box.y) * scale,
                                       box.width * scale, box.height * scale].join(" "));
    }, {passive: false});
  });
  document.querySelectorAll("input.year").forEach(function (slider) {  // the time window
    slider.addEventListener("input", function () { slider.nextElementSibling.textContent = slider.value; });
  });
  var text = document.getElementById("text");
  document.querySelectorAll("input.layer").forEach(function (box) {
    box.addEventListener("change", function () {
      text.classList.toggle("hide-" + box.value, !box.checked);
    });
  });
  if (!text) return;
  function offsetOf(node, offset) {
    var range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }
  var at = /#at=(\d+),(\d+)/.exec(location.hash);
  if (at) {  // select the passage the link names, and bring it into view
    var start = Number(at[1]), end = Number(at[2]), walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    var seen = 0, range = document.createRange(), node, begun = false;
    while ((node = walker.nextNode())) {
      var length = node.textContent.length;
      if (!begun && seen + length >= start) { range.setStart(node, start - seen); begun = true; }
      if (begun && seen + length >= end) { range.setEnd(node, end - seen); break; }
      seen += length;
    }
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (range.startContainer.parentElement) range.startContainer.parentElement.scrollIntoView({block: "center"});
  }
  var form = document.getElementById("code-form");
  if (!form) return;
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection.rangeCount) return;
    var range = selection.getRangeAt(0);
    if (range.collapsed || !text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    document.getElementById("sel-start").value = offsetOf(range.startContainer, range.startOffset);
    document.getElementById("sel-end").value = offsetOf(range.endContainer, range.endOffset);
    document.getElementById("sel-text").textContent = "“" + range.toString().slice(0, 120) + "”";
    document.getElementById("code-button").disabled = false;
  });
});
