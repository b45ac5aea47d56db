// Streams one local file to S3: a single PUT below the part size, a multipart upload above it, with
// `queueSize` parts in flight, so memory stays near queueSize × partBytes whatever the file's size.
// @aws-sdk/lib-storage does the part bookkeeping (and aborts the upload on failure).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { stripQuotes } from '../queue/object-version.js';
import { classifyS3Error } from './object-store.js';

/** The AWS CLI's multipart threshold and part size, so both tools split a file the same way. */
export const MULTIPART_PART_BYTES = 8 * 1024 * 1024;

export interface FileUpload {
  bucket: string;
  key: string;
  path: string;
  contentType?: string;
  partBytes?: number;
  partsInFlight?: number;
  /** Bytes sent so far and the file's size; called as parts complete. */
  onProgress?: (loaded: number, total: number) => void;
}

export interface UploadedFile {
  etag: string;
  size: number;
  /** 1 for a single PUT, else the number of parts uploaded (S3 then ends the ETag in "-N"). */
  parts: number;
}

export async function uploadFile(client: S3Client, request: FileUpload): Promise<UploadedFile> {
  const { size } = await stat(request.path);
  const partBytes = request.partBytes ?? MULTIPART_PART_BYTES;
  const upload = new Upload({
    client,
    params: {
      Bucket: request.bucket,
      Key: request.key,
      // A read stream with a path: lib-storage takes its length from the file, not by buffering it.
      Body: createReadStream(request.path, { highWaterMark: 1024 * 1024 }),
      ...(request.contentType ? { ContentType: request.contentType } : {}),
    },
    partSize: partBytes,
    queueSize: request.partsInFlight ?? 4,
  });
  let lastPart = 1;
  upload.on('httpUploadProgress', (progress) => {
    lastPart = Math.max(lastPart, progress.part ?? 1);
    request.onProgress?.(progress.loaded ?? 0, size);
  });
  let etag: string;
  try {
    etag = stripQuotes((await upload.done()).ETag ?? '');
  } catch (error) {
    throw classifyS3Error(error, `upload ${request.key}`);
  }
  return { etag, size, parts: upload.uploadId ? lastPart : 1 };
}
