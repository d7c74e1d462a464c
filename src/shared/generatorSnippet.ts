/** How a web page loads an exported generator and draws samples (shown in the README and copied by the extension). */
export const GENERATOR_LOADING_SNIPPET = `<script src="https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@4.22.0/dist/tf.min.js"></script>
<script type="module">
  const model = await tf.loadLayersModel('generator-step-00010000/model.json');
  const { latent, data } = model.getUserDefinedMetadata().ganWorkbench;
  const n = 16;
  const z = latent.distribution === 'normal' ? tf.randomNormal([n, latent.dim]) : tf.randomUniform([n, latent.dim], -1, 1);
  // A conditional generator takes [z | one-hot class]: here sample i is of class i mod the class count.
  const classes = data.classes?.names.length;
  const input = classes ? tf.concat([z, tf.oneHot(tf.tensor1d([...Array(n).keys()].map((i) => i % classes), 'int32'), classes).toFloat()], 1) : z;
  const rows = await model.predict(input).array(); // n rows of data.dim numbers
  if (data.image) {
    // Each row is an image, height × width × channels, values in [−1, 1]: draw the first one.
    const { height, width, channels } = data.image;
    const pixels = tf.tensor(rows[0], [height, width, channels]).add(1).div(2).clipByValue(0, 1);
    await tf.browser.toPixels(pixels, document.body.appendChild(document.createElement('canvas')));
  }
</script>`;
