// The index page's search: hides the rows whose name, description and columns do not contain every word typed.
(function () {
  'use strict';
  var input = document.getElementById('search');
  if (!input) return;
  input.addEventListener('input', function () {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    document.querySelectorAll('tr[data-search]').forEach(function (row) {
      var text = row.getAttribute('data-search');
      row.style.display = words.every(function (w) { return text.indexOf(w) >= 0; }) ? '' : 'none';
    });
    document.querySelectorAll('section.group').forEach(function (s) {
      s.style.display = s.querySelector('tr[data-search]:not([style*="none"])') ? '' : 'none';
    });
  });
})();
