// "Explore the data" / "Jelajahi data": every chart is a static SVG that needs no script. Only
// when a reader presses a chart's button is the interactive charts' script (Vega, about 300 KB
// compressed) loaded, once, and that chart drawn over its image with tooltips. Without
// JavaScript the buttons stay hidden; the data table is always there.
(() => {
  const bundle = document.currentScript && document.currentScript.dataset.bundle;
  if (!bundle) return;
  let loading = null;
  const load = () => loading || (loading = new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = bundle;
    script.onload = resolve;
    script.onerror = () => { loading = null; reject(new Error('cannot load ' + bundle)); };
    document.head.append(script);
  }));
  for (const button of document.querySelectorAll('figure.chart .chart-explore')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      const figure = button.closest('figure');
      button.disabled = true;
      try {
        await load();
        await window.sitegenDrawChart(figure);
        button.remove();
      } catch (error) {
        button.disabled = false;
        console.warn('chart stays static:', error);
      }
    });
  }
})();
