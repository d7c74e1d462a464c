/**
 * Shapes, strides and padding of a 2-D convolution (dilation 1) as the composite conv kernels
 * need them, computed by tfjs's own conv_util so padding ('same', 'valid', numeric, explicit) and
 * dimRoundingMode mean exactly what they mean to the stock kernels.
 */
import * as tf from '@tensorflow/tfjs';

export type ConvPad = tf.Conv2DBackpropFilterAttrs['pad'];
export type DataFormat = tf.Conv2DBackpropFilterAttrs['dataFormat'];
export type RoundingMode = tf.Conv2DBackpropFilterAttrs['dimRoundingMode'];
type Shape4 = [number, number, number, number];

export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
  channelsLast: boolean;
}

/** NCHW → NHWC and back. */
export const TO_CHANNELS_LAST = [0, 2, 3, 1];
export const TO_CHANNELS_FIRST = [0, 3, 1, 2];

export function convGeometry(
  inShape: number[],
  filterShape: number[],
  strides: [number, number] | number,
  pad: ConvPad,
  dataFormat: DataFormat,
  dimRoundingMode: RoundingMode,
): ConvGeometry {
  if (inShape.length !== 4 || filterShape.length !== 4)
    throw new Error(`conv kernels need rank-4 input and filter, got [${inShape}] and [${filterShape}]`);
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  const info = tf.backend_util.computeConv2DInfo(inShape as Shape4, filterShape as Shape4, strides, 1, pad, dimRoundingMode, false, format);
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    channelsLast: info.dataFormat === 'channelsLast',
  };
}
