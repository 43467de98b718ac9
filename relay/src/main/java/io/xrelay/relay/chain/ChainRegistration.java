/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.chain;

import com.typesafe.config.Config;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import java.util.List;

/**
 * A chain to register at runtime: its entry as a chain of the configuration file would have it (secrets as
 * references only: {@code signer-key-env}, {@code signer-key-file}, {@code signer.private-key-env}, ...), the files
 * given inline that the entry refers to, and the admin's registration as sent, kept with the chain.
 *
 * @param chain the chain's id
 * @param type the adapter type
 * @param entry the chain's entry ({@code id}, {@code type}, the adapter's keys, the {@code relay} block); a value
 *     {@link #inlineRef(String) inline:<file name>} (at any depth, in lists too) stands for the file of that name in
 *     {@code files}, replaced by its path once it is written
 * @param files contents given inline, written under {@code <data-dir>/chains/<chain-id>/}
 * @param registration the admin's registration (base64 of its protobuf bytes), stored with the chain
 */
public record ChainRegistration(ChainId chain, String type, Config entry, List<InlineFile> files, String registration) {
    /** The prefix of an entry's value that stands for an inline file. */
    public static final String INLINE_PREFIX = "inline:";

    public ChainRegistration {
        files = List.copyOf(files);
    }

    /** The entry's value standing for the inline file {@code fileName}. */
    public static String inlineRef(String fileName) {
        return INLINE_PREFIX + fileName;
    }

    /**
     * Content given inline for a value of the entry that names a file.
     *
     * @param fileName the file's name in the chain's folder
     * @param content the bytes
     */
    public record InlineFile(String fileName, Bytes content) {
        public InlineFile {
            if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
                throw new IllegalArgumentException("not a plain file name: " + fileName);
            }
        }

        @Override
        public String toString() {
            return "InlineFile[" + fileName + ", " + content.length() + " bytes]";
        }
    }
}
