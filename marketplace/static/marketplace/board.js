// Drag-and-drop reordering of the deal board (HTML5 drag and drop, no build step).
// The card moves in the page while dragged; on drop its new index in the column is POSTed to
// the reorder endpoint. If the server refuses, the card goes back where it was.
(function () {
  "use strict";

  const board = document.getElementById("board");
  if (!board) return;
  const status = document.getElementById("board-status");
  const csrfToken = document.querySelector("#board-csrf [name=csrfmiddlewaretoken]").value;
  let dragged = null;
  let origin = null; // {list, next}: where the dragged card was, to put it back
  let dropped = false;

  function reorderUrl(cardId, position) {
    return board.dataset.cardUrl
      .replace("123456789", String(cardId))
      .replace("987654321", String(position));
  }

  function report(message, isError) {
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  function putBack(card, place) {
    place.list.insertBefore(card, place.next);
  }

  // The first card below the pointer, i.e. the one the dragged card goes before.
  function cardAfter(list, y) {
    const cards = list.querySelectorAll(".board-card:not(.dragging)");
    for (const card of cards) {
      const box = card.getBoundingClientRect();
      if (y < box.top + box.height / 2) return card;
    }
    return null;
  }

  async function save(card, list, place) {
    const position = Array.from(list.querySelectorAll(".board-card")).indexOf(card);
    const body = new FormData();
    body.append("column", list.dataset.columnId);
    board.dataset.state = "saving";
    try {
      const response = await fetch(reorderUrl(card.dataset.cardId, position), {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken },
        body: body,
        credentials: "same-origin",
      });
      const data = await response.json();
      if (data.type !== "success") {
        putBack(card, place);
        report([data.message].concat(data.errors || []).join(" "), true);
        board.dataset.state = "error";
        return;
      }
      report(data.message, false);
      board.dataset.state = "saved";
    } catch (error) {
      putBack(card, place);
      report("Could not save the new order: " + error, true);
      board.dataset.state = "error";
    }
  }

  board.addEventListener("dragstart", function (event) {
    const card = event.target.closest(".board-card");
    if (!card) return;
    dragged = card;
    dropped = false;
    origin = { list: card.parentElement, next: card.nextElementSibling };
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.cardId);
  });

  board.addEventListener("dragover", function (event) {
    const list = event.target.closest(".board-cards");
    if (!list || !dragged) return;
    event.preventDefault(); // allows the drop
    const after = cardAfter(list, event.clientY);
    if (after) list.insertBefore(dragged, after);
    else list.appendChild(dragged);
  });

  board.addEventListener("drop", function (event) {
    const list = event.target.closest(".board-cards");
    if (!list || !dragged) return;
    event.preventDefault();
    dropped = true;
    const unchanged = list === origin.list && dragged.nextElementSibling === origin.next;
    if (!unchanged) save(dragged, list, origin);
  });

  // Keyboard alternative to dragging: arrows move the focused card and save at once.
  board.addEventListener("keydown", function (event) {
    const card = event.target.closest(".board-card");
    // Only the focused card itself: arrows typed in its rename field edit the text.
    if (card !== event.target) return;
    if (!["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"].includes(event.key)) return;
    event.preventDefault();
    const place = { list: card.parentElement, next: card.nextElementSibling };
    const lists = Array.from(board.querySelectorAll(".board-cards"));
    let list = place.list;
    if (event.key === "ArrowUp" && card.previousElementSibling) {
      list.insertBefore(card, card.previousElementSibling);
    } else if (event.key === "ArrowDown" && card.nextElementSibling) {
      list.insertBefore(card.nextElementSibling, card);
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      const index = lists.indexOf(list) + (event.key === "ArrowLeft" ? -1 : 1);
      if (index < 0 || index >= lists.length) return;
      list = lists[index];
      list.appendChild(card);
    } else {
      return; // already first or last
    }
    card.focus();
    save(card, list, place);
  });

  board.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    if (!dropped) putBack(dragged, origin); // dropped outside a column: nothing changes
    dragged = null;
  });
})();
